package dev.loihi.cli.config;

import dev.loihi.cli.CliErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.snips.link.LinkOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server.* limit and security keys and the link's token and trust: typed, ranged, and secrets never printed. */
class ServerSettingsTest {
    @TempDir
    Path dir;

    private LoihiSettings load(List<String> sets) throws IOException {
        Path user = dir.resolve("user.conf");
        Files.writeString(user, "");
        return SettingsLoader.load(dir, Optional.empty(), Map.of(SettingsLoader.USER_CONFIG_ENV, user.toString()), sets);
    }

    @Test
    void shouldDefaultToLoopbackWithoutTokenOrTlsAndWithTheDocumentedLimits() throws IOException {
        ServerOptions o = load(List.of()).serverOptions();
        assertEquals("127.0.0.1", o.bindHost());
        assertFalse(o.security().hasToken());
        assertFalse(o.security().tls());
        assertEquals(16, o.limits().maxConnections());
        assertEquals(300_000, o.limits().idleTimeoutMs());
        assertEquals(1 << 20, o.limits().maxCoreBytes());
        assertEquals(512L << 20, o.board().maxImageBytes());
    }

    @Test
    void shouldBuildLimitsAndSecurityFromSettings() throws IOException {
        LoihiSettings s = load(List.of("server.max_connections=3", "server.idle_timeout_ms=0", "server.max_core_bytes=4096",
                "server.max_upload_bytes=100000", "server.access_token=abc", "server.tls_cert=/k.p12",
                "server.tls_password=pw", "link.access_token=abc", "link.tls_trust=/ca.pem"));
        ServerOptions o = s.serverOptions();
        assertEquals(3, o.limits().maxConnections());
        assertEquals(0, o.limits().idleTimeoutMs());
        assertEquals(4096, o.limits().maxCoreBytes());
        assertEquals(100_000, o.board().maxImageBytes());
        assertEquals("abc", o.security().accessToken());
        assertEquals(Path.of("/k.p12"), o.security().tlsKeyStore());
        assertEquals(null, o.security().tlsKey());
        assertEquals("pw", o.security().tlsPassword());
        LinkOptions l = s.linkOptions();
        assertEquals("abc", l.accessToken());
        assertEquals("/ca.pem", l.tlsTrust());
        assertFalse(l.toString().contains("abc"), l.toString());
    }

    @Test
    void shouldNeverRenderTokensOrPasswords() throws IOException {
        String text = load(List.of("server.access_token=tok-1", "link.access_token=tok-2", "server.tls_password=pw-3")).render();
        for (String secret : new String[] {"tok-1", "tok-2", "pw-3"}) {
            assertFalse(text.contains(secret), text);
        }
        assertTrue(text.lines().anyMatch(l -> l.startsWith("server.access_token = (set, not shown)")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("server.tls_key = \"\"")), text);
    }

    @Test
    void shouldRefuseLimitsOutOfRangeNamingTheKey() {
        for (String set : new String[] {"server.max_connections=0", "server.idle_timeout_ms=-1", "server.max_core_bytes=0",
                "server.max_upload_bytes=0"}) {
            LoihiException e = assertThrows(LoihiException.class, () -> load(List.of(set)), set);
            assertEquals(CliErrors.CONFIG_BAD_VALUE, e.code(), set);
            assertTrue(e.getMessage().contains("key=" + set.substring(0, set.indexOf('='))), e.getMessage());
        }
    }
}
