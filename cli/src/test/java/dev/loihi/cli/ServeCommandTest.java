package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loihi serve} refuses unsafe or unreadable settings at startup with one line and exit 2. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseToListenBeyondLoopbackWithoutAToken() {
        CliRun run = CliRun.of("serve", "--host", "0.0.0.0", "--port", "0").assertUserError("SERVER_NO_TOKEN");
        assertTrue(run.err().contains("binding beyond loopback needs an access token: host=0.0.0.0"), run.err());
    }

    @Test
    void shouldRefuseAnUnreadableOrEmptyTokenFile() throws IOException {
        CliRun.of("serve", "--port", "0", "--access-token-file", dir.resolve("none.txt")).assertUserError("SERVE_TOKEN");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        CliRun.of("serve", "--port", "0", "--access-token-file", empty).assertUserError("SERVE_TOKEN");
    }

    @Test
    void shouldRefuseMissingTlsKeyStoreNamingTheFile() {
        CliRun run = CliRun.of("serve", "--port", "0", "--tls-cert", dir.resolve("board.p12")).assertUserError("SERVER_TLS");
        assertTrue(run.err().contains("board.p12"), run.err());
    }

    @Test
    void shouldRefuseALimitOutOfRange() {
        CliRun.of("serve", "--port", "0", "--max-connections", "0").assertUserError("SNIP_BAD_CONFIG");
        CliRun.of("serve", "--port", "0", "--tls-key", dir.resolve("k.pem")).assertUserError("SERVE_TLS");
    }
}
