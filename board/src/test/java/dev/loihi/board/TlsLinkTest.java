package dev.loihi.board;

import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.link.HostSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.InProcessLink;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.emulator.server.ServerSecurity;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.wire.ErrorFrames;
import dev.loihi.proto.link.ErrorCode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link over TLS with an access token, against a server whose key pair the test makes. */
class TlsLinkTest {
    private static final String TOKEN = "tls-test-token";
    private static final LinkOptions OPTIONS = LinkOptions.defaults().withIoTimeoutMs(10_000).withConnectTimeoutMs(5_000);
    @TempDir
    static Path dir;
    private static TestKeys keys;
    private static EmulatorServer server;

    @BeforeAll
    static void start() throws Exception {
        keys = TestKeys.generate(dir);
        server = EmulatorServer.start(ServerOptions.loopback(0).withSecurity(ServerSecurity.none().withAccessToken(TOKEN)
                .withTls(keys.store(), null, keys.password())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String target(EmulatorServer s) {
        return "tls://localhost:" + s.port();
    }

    private static LinkOptions trusted() {
        return OPTIONS.withAccessToken(TOKEN).withTlsTrust(keys.certificatePem().toString());
    }

    private static RunResult interactive(BoardLink link, Image image) {
        link.connect();
        link.upload(image);
        return link.runInteractive(RunSpec.of(20, ChannelConfig.defaults()), (step, previous, in) -> {
            for (int a = step % 3; a < 8; a += 3) {
                in.spike(0, a);
            }
        });
    }

    @Test
    void shouldRunOverTlsWithTheRightTokenAndGiveTheInProcessResult() {
        Image image = RelayImage.build(8, 1);
        RunResult expected;
        try (BoardLink local = InProcessLink.open()) {
            expected = interactive(local, image);
        }
        try (HostSession link = TcpLink.of(target(server), trusted())) {
            RunResult got = interactive(link, image);
            assertEquals(expected.probes(), got.probes());
            assertEquals(expected.channel(), got.channel());
            assertEquals("tls://localhost:" + server.port(), link.peer());
        }
    }

    @Test
    void shouldRefuseAWrongTokenOverTlsWithTheGenericAnswer() {
        try (HostSession link = TcpLink.of(target(server), trusted().withAccessToken("nope"))) {
            LoihiException e = assertThrows(LoihiException.class, link::connect);
            assertEquals(ErrorFrames.hostCode(ErrorCode.UNAUTHORIZED), e.code());
            assertEquals("access refused", e.getMessage());
        }
    }

    @Test
    void shouldFailTheHandshakeWhenTheHostDoesNotTrustTheCertificate() {
        try (HostSession link = TcpLink.of(target(server), OPTIONS.withAccessToken(TOKEN))) {
            LoihiException e = assertThrows(LoihiException.class, link::connect);
            assertEquals(SnipErrors.LINK_CONNECT, e.code());
            assertTrue(e.getMessage().startsWith("TLS handshake with the board failed: peer=" + target(server)), e.getMessage());
        }
    }

    @Test
    void shouldNotHangWhenAPlainHostConnectsToATlsServer() {
        try (HostSession link = TcpLink.of("tcp://127.0.0.1:" + server.port(), OPTIONS.withIoTimeoutMs(2_000).withAccessToken(TOKEN))) {
            LoihiException e = assertThrows(LoihiException.class, link::connect);
            assertTrue(e.code().equals(SnipErrors.LINK_DISCONNECTED) || e.code().equals(SnipErrors.LINK_PROTOCOL)
                    || e.code().equals(SnipErrors.LINK_TIMEOUT), e.code() + ": " + e.getMessage());
        }
    }

    @Test
    void shouldServeTlsFromPemCertificateAndKeyFiles() {
        ServerSecurity pem = ServerSecurity.none().withAccessToken(TOKEN).withTls(keys.certificatePem(), keys.keyPem(), "");
        try (EmulatorServer pemServer = EmulatorServer.start(ServerOptions.loopback(0).withSecurity(pem));
             HostSession link = TcpLink.of(target(pemServer), trusted())) {
            assertEquals("emulator", link.connect().board());
        }
    }

    @Test
    void shouldReportAMissingTrustFileAsABadOption() {
        try (HostSession link = TcpLink.of(target(server), OPTIONS.withTlsTrust(dir.resolve("missing.pem").toString()))) {
            LoihiException e = assertThrows(LoihiException.class, link::connect);
            assertEquals(SnipErrors.LINK_BAD_OPTION, e.code());
            assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
        }
    }
}
