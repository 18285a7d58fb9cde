package dev.loihi.emulator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.image.ImageWriter;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.Reset;
import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.link.RelayImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each server limit, over a real socket: refused with its own Error code, and only the offending connection closes. */
class ServerLimitsTest {
    private static final Frame RESET = Frame.newBuilder().setReset(Reset.getDefaultInstance()).build();

    private static EmulatorServer start(ServerLimits limits, EmulatorBoardConfig board) {
        return EmulatorServer.start(ServerOptions.loopback(0).withBoard(board).withLimits(limits));
    }

    private static EmulatorServer start(ServerLimits limits) {
        return start(limits, EmulatorBoardConfig.defaults());
    }

    @Test
    void shouldRefuseConnectionOverTheMaximumWithBusyAndAdmitOneOnceAnotherCloses() throws Exception {
        try (EmulatorServer server = start(ServerLimits.defaults().withMaxConnections(2));
             RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port())) {
            assertTrue(a.hello("").hasHelloAck());
            assertTrue(b.hello("").hasHelloAck());
            try (RawClient c = new RawClient(server.port())) {
                Frame busy = c.receive();
                assertEquals(ErrorCode.BUSY, busy.getError().getCode());
                assertEquals("server busy: maxConnections=2", busy.getError().getMessage());
                assertTrue(c.closedByPeer());
            }
            a.close();
            awaitSessions(server, 1);
            try (RawClient d = new RawClient(server.port())) {
                assertTrue(d.hello("").hasHelloAck());
            }
            b.send(RESET);
            assertTrue(b.receive().hasResetDone());
        }
    }

    @Test
    void shouldDisconnectASilentClientWhileAnActiveOneAndAFloodingOneAreHandledOnTheirOwn() throws Exception {
        int idleMs = 500;
        try (EmulatorServer server = start(ServerLimits.defaults().withIdleTimeoutMs(idleMs),
                EmulatorBoardConfig.withFrameBytes(64 * 1024));
             RawClient good = new RawClient(server.port()); RawClient silent = new RawClient(server.port());
             RawClient flood = new RawClient(server.port())) {
            assertTrue(good.hello("").hasHelloAck());
            assertTrue(silent.hello("").hasHelloAck());
            CompletableFuture<Void> flooding = CompletableFuture.runAsync(() -> floodOversize(flood.socket));
            long start = System.nanoTime();
            int answered = 0;
            // The good client keeps talking for twice the idle timeout, and at least ten times (a
            // loaded machine may sleep longer than asked): it must be served throughout.
            while (answered < 10 || System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(2L * idleMs)) {
                good.send(RESET);
                assertTrue(good.receive().hasResetDone());
                answered++;
                Thread.sleep(idleMs / 10);
            }
            Frame idle = silent.receive();
            assertEquals(ErrorCode.TIMEOUT, idle.getError().getCode());
            assertEquals("connection idle too long: idleTimeoutMs=" + idleMs, idle.getError().getMessage());
            assertTrue(silent.closedByPeer());
            flooding.get(5, TimeUnit.SECONDS);
            assertFloodRefused(flood);
            good.send(RESET);
            assertTrue(good.receive().hasResetDone());
        }
    }

    /** Writes an oversize length prefix and then garbage until the server closes the socket. */
    private static void floodOversize(java.net.Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            new DataOutputStream(out).writeInt(1 << 30);
            byte[] junk = new byte[64 * 1024];
            for (int i = 0; i < 1_000; i++) {
                out.write(junk);
            }
        } catch (IOException expected) {
            // the server closed the connection: the flood is over
        }
    }

    /** The flooder gets FRAME_TOO_LARGE, unless the close of its unread flood reset the socket before it read that. */
    private static void assertFloodRefused(RawClient flood) throws IOException {
        try {
            assertEquals(ErrorCode.FRAME_TOO_LARGE, flood.receive().getError().getCode());
            assertTrue(flood.closedByPeer());
        } catch (SocketException reset) {
            assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
        }
    }

    @Test
    void shouldRefuseAnImageWithACoreOverThePerCoreLimitNamingTheCore() throws Exception {
        try (EmulatorServer server = start(ServerLimits.defaults().withMaxCoreBytes(64));
             RawClient c = new RawClient(server.port())) {
            assertTrue(c.hello("").hasHelloAck());
            Frame answer = c.upload(RelayImage.build(8, 1));
            assertEquals(ErrorCode.LIMIT_EXCEEDED, answer.getError().getCode());
            assertTrue(answer.getError().getMessage().matches(
                    "image core larger than the board takes: core=0, bytes=\\d+, maxCoreBytes=64"), answer.getError().getMessage());
            c.send(RESET);
            assertTrue(c.receive().hasResetDone(), "the connection stays usable after a refused upload");
        }
    }

    @Test
    void shouldRefuseAnImageOverTheTotalUploadLimitAtItsFirstChunk() throws Exception {
        int imageBytes = ImageWriter.write(RelayImage.build(8, 1)).length;
        EmulatorBoardConfig small = new EmulatorBoardConfig(1, 64 * 1024, imageBytes - 1, 50);
        try (EmulatorServer server = start(ServerLimits.defaults(), small); RawClient c = new RawClient(server.port())) {
            assertTrue(c.hello("").hasHelloAck());
            Frame answer = c.upload(RelayImage.build(8, 1));
            assertEquals(ErrorCode.LIMIT_EXCEEDED, answer.getError().getCode());
            assertEquals("image larger than the board takes: bytes=" + imageBytes + ", maxImageBytes=" + (imageBytes - 1),
                    answer.getError().getMessage());
        }
    }

    @Test
    void shouldAcceptAnImageWithinBothUploadLimits() throws Exception {
        try (EmulatorServer server = start(ServerLimits.defaults()); RawClient c = new RawClient(server.port())) {
            assertTrue(c.hello("").hasHelloAck());
            assertTrue(c.upload(RelayImage.build(8, 1)).getImageAck().getComplete());
        }
    }

    @Test
    void shouldRefuseLimitsOutOfRange() {
        assertEquals(SnipErrors.SNIP_BAD_CONFIG, assertThrows(LoihiException.class,
                () -> ServerLimits.defaults().withMaxConnections(0)).code());
        assertEquals(SnipErrors.SNIP_BAD_CONFIG, assertThrows(LoihiException.class,
                () -> ServerLimits.defaults().withIdleTimeoutMs(-1)).code());
        assertEquals(SnipErrors.SNIP_BAD_CONFIG, assertThrows(LoihiException.class,
                () -> ServerLimits.defaults().withMaxCoreBytes(0)).code());
    }

    private static void awaitSessions(EmulatorServer server, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.sessions() != n && System.nanoTime() - end < 0) {
            Thread.sleep(5);
        }
        assertEquals(n, server.sessions());
    }
}
