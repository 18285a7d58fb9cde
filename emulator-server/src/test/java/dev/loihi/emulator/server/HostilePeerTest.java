package dev.loihi.emulator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The attacks of issue 15 against a real server on 127.0.0.1, each with a good client beside it:
 * the server holds its budgets, answers the good client's Hello within a second and runs its
 * run to the end.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostilePeerTest {
    private static final long HELLO_ANSWER_MS = 1_000;
    private static final String TOKEN = "hostile-peer-test-token";

    private static EmulatorServer start(ServerLimits limits) {
        return warm(EmulatorServer.start(ServerOptions.loopback(0).withLimits(limits)), "");
    }

    /**
     * One Hello before the attack: the 1 s bound is on what an attack does to the answer, not on
     * the first connection's class loading (seconds on this shared machine).
     */
    private static EmulatorServer warm(EmulatorServer server, String token) {
        try (HostilePeer p = new HostilePeer(server.port())) {
            p.hello(token);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return server;
    }

    /** A host that behaves: Hello answered within a second, then a 20-step run read to its RunDone. */
    private static void goodClientRuns(int port, String token) throws IOException {
        try (HostilePeer good = new HostilePeer(port)) {
            long start = System.nanoTime();
            Frame ack = good.hello(token);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ack.hasHelloAck(), ack.toString());
            assertTrue(ms < HELLO_ANSWER_MS, "HelloAck took " + ms + " ms");
            assertTrue(good.uploadRelay().getImageAck().getComplete());
            good.send(HostilePeer.runSetup(20, List.of(0)));
            assertTrue(good.receive().hasRunReady());
            good.send(HostilePeer.emptySteps(0, 20));
            long steps = 0;
            Frame f;
            while (!(f = good.receive()).hasRunDone()) {
                assertTrue(f.hasProbes(), f.toString());
                steps += f.getProbes().getSteps();
            }
            assertEquals(20, steps);
            assertEquals(20, f.getRunDone().getSteps());
        }
    }

    @Test
    void shouldRefuseAPortProbedTwiceAndSoMoreProbesThanPorts() throws Exception {
        try (EmulatorServer server = start(ServerLimits.defaults()); HostilePeer p = new HostilePeer(server.port())) {
            assertTrue(p.hello("").hasHelloAck());
            assertTrue(p.uploadRelay().getImageAck().getComplete());
            List<Integer> repeated = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                repeated.add(0);
            }
            p.send(HostilePeer.runSetup(10, repeated));
            Frame refused = p.receive();
            assertEquals(ErrorCode.BAD_RUN_SETUP, refused.getError().getCode());
            assertEquals("output port probed twice: port=0, probes=20000, ports=2", refused.getError().getMessage());
            p.send(HostilePeer.runSetup(10, List.of(1, 0, 1)));
            assertEquals(ErrorCode.BAD_RUN_SETUP, p.receive().getError().getCode());
        }
    }

    @Test
    void shouldStopSteppingWhenTheClientDoesNotReadAndServeAGoodClientMeanwhile() throws Exception {
        int budget = ServerLimits.MIN_SESSION_BUFFER_BYTES * 4;
        try (EmulatorServer server = start(ServerLimits.defaults().withMaxSessionBufferBytes(budget));
             HostilePeer flood = new HostilePeer(server.port())) {
            flood.flood(40_000);
            // The board runs steps until the client's socket and then its budget are full, and stops there.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.outputBufferBytes() < budget / 2 && System.nanoTime() - end < 0) {
                Thread.sleep(10);
            }
            assertTrue(server.outputBufferBytes() > 0, "the flood's run waits for its client to read");
            long frame = EmulatorBoardConfig.defaults().maxFrameBytes();
            for (int i = 0; i < 3; i++) {
                assertTrue(server.outputBufferBytes() <= budget + frame, "buffered " + server.outputBufferBytes());
                goodClientRuns(server.port(), "");
            }
            assertTrue(server.outputBufferBytes() <= budget + frame, "buffered " + server.outputBufferBytes());
            // Reading resumes the run: everything it produced arrives, up to its RunDone.
            long read = 0;
            Frame f;
            while (!(f = flood.receive()).hasRunDone()) {
                read += f.getSerializedSize();
            }
            assertEquals(40_000, f.getRunDone().getSteps());
            assertTrue(read > 4L * budget, "the run's output exceeds what the board held at once: read=" + read);
        }
    }

    @Test
    void shouldHoldOnlyTheBytesReceivedForUploadsClaimingTheLargestImage() throws Exception {
        try (EmulatorServer server = start(ServerLimits.defaults())) {
            List<HostilePeer> claims = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    HostilePeer p = new HostilePeer(server.port());
                    claims.add(p);
                    assertTrue(p.hello("").hasHelloAck());
                    p.claimUpload(EmulatorBoardConfig.DEFAULT_MAX_IMAGE_BYTES, 1024);
                    assertEquals(1024, p.receive().getImageAck().getReceivedBytes());
                }
                assertTrue(server.uploadBufferBytes() <= 10L * ImageAssembler.FIRST_BUFFER_BYTES,
                        "held " + server.uploadBufferBytes());
                goodClientRuns(server.port(), "");
            } finally {
                for (HostilePeer p : claims) {
                    p.close();
                }
            }
            awaitZero(server::uploadBufferBytes);
            assertEquals(0, server.uploadBufferBytes(), "closed uploads give their bytes back");
        }
    }

    @Test
    void shouldRefuseAnUploadWhenTheServerBudgetIsSpentAndKeepServing() throws Exception {
        int budget = 3 * ImageAssembler.FIRST_BUFFER_BYTES;
        try (EmulatorServer server = start(ServerLimits.defaults().withMaxUploadBufferBytes(budget))) {
            List<HostilePeer> claims = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    HostilePeer p = new HostilePeer(server.port());
                    claims.add(p);
                    assertTrue(p.hello("").hasHelloAck());
                    p.claimUpload(EmulatorBoardConfig.DEFAULT_MAX_IMAGE_BYTES, 1024);
                    assertTrue(p.receive().hasImageAck());
                }
                HostilePeer over = new HostilePeer(server.port());
                claims.add(over);
                assertTrue(over.hello("").hasHelloAck());
                over.claimUpload(EmulatorBoardConfig.DEFAULT_MAX_IMAGE_BYTES, 1024);
                Frame refused = over.receive();
                assertEquals(ErrorCode.LIMIT_EXCEEDED, refused.getError().getCode());
                assertTrue(refused.getError().getMessage().startsWith("server upload buffer full: "),
                        refused.getError().getMessage());
            } finally {
                for (HostilePeer p : claims) {
                    p.close();
                }
            }
            awaitZero(server::uploadBufferBytes);
            goodClientRuns(server.port(), "");
        }
    }

    @Test
    void shouldRefuseAChunkClaimingTheLargestUnsignedSizeNamingItUnsigned() throws Exception {
        try (EmulatorServer server = start(ServerLimits.defaults()); HostilePeer p = new HostilePeer(server.port())) {
            assertTrue(p.hello("").hasHelloAck());
            p.claimUpload(-1L, 1024);
            Frame refused = p.receive();
            assertEquals(ErrorCode.LIMIT_EXCEEDED, refused.getError().getCode());
            assertEquals("image larger than the board takes: bytes=18446744073709551615, maxImageBytes="
                    + EmulatorBoardConfig.DEFAULT_MAX_IMAGE_BYTES, refused.getError().getMessage());
            p.send(HostilePeer.runSetup(-1L, List.of(0)));
            assertEquals(ErrorCode.NO_IMAGE, p.receive().getError().getCode());
        }
    }

    @Test
    void shouldNotLetConnectionsWithoutHelloKeepOutAClientWithTheToken() throws Exception {
        int helloTimeoutMs = 1_500;
        ServerLimits limits = ServerLimits.defaults().withHelloTimeoutMs(helloTimeoutMs);
        try (EmulatorServer server = warm(EmulatorServer.start(ServerOptions.loopback(0).withLimits(limits)
                .withSecurity(ServerSecurity.none().withAccessToken(TOKEN))), TOKEN)) {
            List<HostilePeer> silent = new ArrayList<>();
            try {
                for (int i = 0; i < ServerLimits.DEFAULT_MAX_CONNECTIONS + 4; i++) {
                    silent.add(new HostilePeer(server.port()));
                }
                // One more sends its Hello a byte at a time.
                HostilePeer dribble = new HostilePeer(server.port());
                silent.add(dribble);
                OutputStream slow = dribble.socket.getOutputStream();
                slow.write(0);
                slow.flush();
                goodClientRuns(server.port(), TOKEN);
                slow.write(0);
                slow.flush();
                for (HostilePeer p : silent) {
                    Frame timeout = p.receive();
                    assertEquals(ErrorCode.TIMEOUT, timeout.getError().getCode());
                    assertEquals("no Hello in time: helloTimeoutMs=" + helloTimeoutMs, timeout.getError().getMessage());
                    assertTrue(p.closedByPeer());
                }
            } finally {
                for (HostilePeer p : silent) {
                    p.close();
                }
            }
        }
    }

    @Test
    void shouldCloseTheOldestConnectionWithoutHelloWhenTooManyWait() throws Exception {
        int helloTimeoutMs = 1_500;
        ServerLimits limits = ServerLimits.defaults().withMaxPendingConnections(4).withHelloTimeoutMs(helloTimeoutMs);
        try (EmulatorServer server = start(limits)) {
            List<HostilePeer> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    silent.add(new HostilePeer(server.port()));
                }
                // Which connection is oldest depends on which event loop registered it first; let
                // all ten register before the good client opens, so it is the newest.
                awaitValue(server::sessions, 4);
                goodClientRuns(server.port(), "");
                // Eleven opened, four may wait: seven were closed to make room, the good client not among them.
                int evicted = 0;
                for (HostilePeer p : silent) {
                    Frame f = p.receive();
                    if (f.getError().getCode() == ErrorCode.BUSY) {
                        assertEquals("too many connections without Hello: maxPendingConnections=4",
                                f.getError().getMessage());
                        evicted++;
                    } else {
                        assertEquals(ErrorCode.TIMEOUT, f.getError().getCode());
                    }
                    assertTrue(p.closedByPeer());
                }
                assertEquals(7, evicted);
            } finally {
                for (HostilePeer p : silent) {
                    p.close();
                }
            }
        }
    }

    @Test
    void shouldCloseAConnectionThatNeverReadsItsAnswer() throws Exception {
        try (EmulatorServer server = start(ServerLimits.defaults().withHelloTimeoutMs(200));
             HostilePeer deaf = new HostilePeer(server.port())) {
            deaf.socket.setReceiveBufferSize(1024);
            Thread.sleep(200 + ConnectionGuard.CLOSE_GRACE_MS + 500);
            assertEquals(0, server.authenticatedSessions());
            assertTrue(deaf.closedByPeer());
            assertFalse(deaf.socket.isClosed());
        }
    }

    private interface Gauge {
        long read();
    }

    private static void awaitZero(Gauge g) throws InterruptedException {
        awaitValue(g, 0);
    }

    private static void awaitValue(Gauge g, long value) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (g.read() != value && System.nanoTime() - end < 0) {
            Thread.sleep(10);
        }
    }
}
