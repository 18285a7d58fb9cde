package dev.loihi.emulator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The access token and the loopback default: what a client without the token sees, and what the server refuses to start. */
class ServerAccessTest {
    private static final String TOKEN = "s3cret-token-0123456789";

    private static EmulatorServer startWithToken() {
        return EmulatorServer.start(ServerOptions.loopback(0).withSecurity(ServerSecurity.none().withAccessToken(TOKEN)));
    }

    @Test
    void shouldAdmitAHelloWithTheRightToken() throws Exception {
        try (EmulatorServer server = startWithToken(); RawClient c = new RawClient(server.port())) {
            assertTrue(c.hello(TOKEN).hasHelloAck());
        }
    }

    @Test
    void shouldRefuseWrongAndMissingTokensWithOneGenericAnswerAndClose() throws Exception {
        String[] attempts = {"", "wrong", TOKEN + "x", TOKEN.substring(1), TOKEN.toUpperCase()};
        try (EmulatorServer server = startWithToken()) {
            for (String token : attempts) {
                try (RawClient c = new RawClient(server.port())) {
                    Frame answer = c.hello(token);
                    assertEquals(ErrorCode.UNAUTHORIZED, answer.getError().getCode(), token);
                    assertEquals("access refused", answer.getError().getMessage(), token);
                    assertEquals("", answer.getError().getDetailCode(), token);
                    assertTrue(!answer.getError().hasStep(), token);
                    assertTrue(c.closedByPeer(), token);
                }
            }
            try (RawClient c = new RawClient(server.port())) {
                assertTrue(c.hello(TOKEN).hasHelloAck(), "refusals leave the server serving");
            }
        }
    }

    @Test
    void shouldTakeOnlySmallFramesBeforeAHelloIsAccepted() throws Exception {
        try (EmulatorServer server = startWithToken()) {
            try (RawClient stranger = new RawClient(server.port())) {
                new java.io.DataOutputStream(stranger.socket.getOutputStream()).writeInt(100_000);
                Frame refused = stranger.receive();
                assertEquals(ErrorCode.FRAME_TOO_LARGE, refused.getError().getCode());
                assertEquals("frame too large: bytes=100000, maxFrameBytes=65536", refused.getError().getMessage());
                assertTrue(stranger.closedByPeer());
            }
            try (RawClient host = new RawClient(server.port())) {
                assertTrue(host.hello(TOKEN).hasHelloAck());
                // A 200 KB chunk of garbage: decoded as a frame (the limit is the board's 4 MiB now), refused as an image.
                host.send(Frame.newBuilder().setImageChunk(dev.loihi.proto.link.ImageChunk.newBuilder()
                        .setData(com.google.protobuf.ByteString.copyFrom(new byte[200_000])).setTotalBytes(200_000)
                        .setLast(true)).build());
                assertEquals(ErrorCode.BAD_IMAGE, host.receive().getError().getCode());
            }
        }
    }

    @Test
    void shouldRefuseToListenBeyondLoopbackWithoutAToken() {
        for (String host : new String[] {"0.0.0.0", "::"}) {
            LoihiException e = assertThrows(LoihiException.class,
                    () -> EmulatorServer.start(ServerOptions.loopback(0).withBind(host, 0)), host);
            assertEquals(ServerErrors.SERVER_NO_TOKEN, e.code(), host);
            assertTrue(e.getMessage().startsWith("binding beyond loopback needs an access token: host=" + host), e.getMessage());
        }
    }

    @Test
    void shouldListenOnLoopbackByDefaultWithoutAToken() {
        try (EmulatorServer server = EmulatorServer.start(ServerOptions.loopback(0))) {
            assertTrue(server.address().getAddress().isLoopbackAddress());
        }
    }

    @Test
    void shouldReportUnreadableTlsKeyMaterialBeforeListening() {
        ServerSecurity missing = ServerSecurity.none().withTls(Path.of("target", "no-such.p12"), null, "x");
        LoihiException e = assertThrows(LoihiException.class,
                () -> EmulatorServer.start(ServerOptions.loopback(0).withSecurity(missing)));
        assertEquals(ServerErrors.SERVER_TLS, e.code());
        assertTrue(e.getMessage().contains("no-such.p12"), e.getMessage());
    }

    @Test
    void shouldNeverPrintTheTokenOrPassword() {
        ServerSecurity s = ServerSecurity.none().withAccessToken(TOKEN).withTls(Path.of("k.p12"), null, "pw-secret");
        assertTrue(!s.toString().contains(TOKEN) && !s.toString().contains("pw-secret"), s.toString());
    }
}
