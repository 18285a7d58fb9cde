package dev.loihi.board.fault;

import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.link.HostSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.board.TcpLink;
import dev.loihi.board.fault.FaultProxy.Action;
import dev.loihi.board.fault.FaultProxy.Direction;
import dev.loihi.board.fault.FaultProxy.FaultPlan;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.image.Image;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunInterrupted;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import dev.loihi.snips.wire.ErrorFrames;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each way the TCP link can break, injected by {@link FaultProxy} between a {@link TcpLink} and
 * an {@link EmulatorServer}: the host must fail within its timeouts with one line that names
 * the code, the step it was on and the last step the board acknowledged, and must never take a
 * duplicated or reordered frame as good data.
 */
class TcpLinkFaultTest {
    private static final int IO_TIMEOUT_MS = 400;
    private static final int PRECOMPUTE_TIMEOUT_MS = 5_000;
    private static final LinkOptions FAST = LinkOptions.defaults().withIoTimeoutMs(IO_TIMEOUT_MS)
            .withConnectTimeoutMs(1_000);
    /** Far above every wait a fault should cause: a test that reaches it has hung. */
    private static final Duration HANG = Duration.ofSeconds(20);
    private static final Image IMAGE = RelayImage.build(64, 1);
    private static final int STEPS = 3_000;

    private EmulatorServer server;

    @BeforeEach
    void startServer() {
        server = EmulatorServer.start(ServerOptions.loopback(0));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Acts on the {@code nth} frame (from 0) that matches, forwarding all others. */
    private static FaultPlan at(Direction direction, Predicate<Frame> kind, int nth, Action action) {
        AtomicInteger seen = new AtomicInteger();
        return (d, f) -> d == direction && kind.test(f) && seen.getAndIncrement() == nth ? action : Action.FORWARD;
    }

    private static SpikeSchedule schedule(int steps) {
        SpikeSchedule.Builder b = SpikeSchedule.builder(steps);
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < 10; k++) {
                b.add(t, 0, (t * 7 + k * 13) % 64);
            }
        }
        return b.build();
    }

    private static RunResult interactive(HostSession link, int steps) {
        return link.runInteractive(RunSpec.of(steps, ChannelConfig.defaults()),
                (t, previous, input) -> input.spike(0, t % 64));
    }

    private static LoihiException fails(String code, Runnable r) {
        LoihiException e = assertTimeoutPreemptively(HANG, () -> assertThrows(LoihiException.class, r::run));
        assertEquals(code, e.code(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    /** An upload in 512-byte chunks through {@code plan}, which must fail with {@code code}. */
    private LoihiException uploadFails(FaultPlan plan, String code) throws IOException {
        try (FaultProxy proxy = FaultProxy.of(server.port(), plan);
             HostSession link = connected(proxy, FAST.withImageChunkBytes(512))) {
            return fails(code, () -> link.upload(IMAGE));
        }
    }

    /** An interactive run of 20 steps through {@code plan}, which must fail with {@code code}. */
    private LoihiException interactiveFails(FaultPlan plan, String code) throws IOException {
        try (FaultProxy proxy = FaultProxy.of(server.port(), plan); HostSession link = connected(proxy, FAST)) {
            link.upload(IMAGE);
            return fails(code, () -> interactive(link, 20));
        }
    }

    /**
     * A precompute run in small frames (so it takes many of them) through {@code plan}, which must fail with {@code code}.
     * No fault here is found by a timeout, and a held frame waits for the next one to pass: on a loaded machine that
     * took longer than {@link #IO_TIMEOUT_MS}, so these runs wait longer.
     */
    private LoihiException precomputeFails(FaultPlan plan, String code) throws IOException {
        try (FaultProxy proxy = FaultProxy.of(server.port(), plan);
             HostSession link = connected(proxy, FAST.withIoTimeoutMs(PRECOMPUTE_TIMEOUT_MS).withMaxFrameBytes(64 * 1024))) {
            link.upload(IMAGE);
            return fails(code, () -> link.runPrecompute(RunSpec.of(STEPS, ChannelConfig.defaults()), schedule(STEPS)));
        }
    }

    private HostSession connected(FaultProxy proxy, LinkOptions options) {
        HostSession link = TcpLink.of(proxy.target(), options);
        link.connect();
        return link;
    }

    @Test
    void shouldReportAckedBytesWhenBoardDiesMidUpload() throws IOException {
        LoihiException e = uploadFails(at(Direction.HOST_TO_BOARD, Frame::hasImageChunk, 3, Action.KILL),
                SnipErrors.LINK_DISCONNECTED);
        assertTrue(e.getMessage().matches(".*, ackedBytes=(0|512|1024|1536), imageBytes=\\d+$"), e.getMessage());
    }

    @Test
    void shouldNameLastCompletedStepWhenBoardDiesMidInteractiveRun() throws IOException {
        LoihiException e = interactiveFails(at(Direction.BOARD_TO_HOST, Frame::hasProbes, 5, Action.KILL),
                SnipErrors.LINK_DISCONNECTED);
        RunInterrupted r = assertInstanceOf(RunInterrupted.class, e);
        assertEquals(5, r.step());
        assertEquals(4, r.lastCompletedStep());
        assertTrue(e.getMessage().endsWith(", hostStep=5, lastCompletedStep=4"), e.getMessage());
    }

    @Test
    void shouldNameLastCompletedStepWhenBoardDiesMidPrecomputeRun() throws IOException {
        AtomicInteger batches = new AtomicInteger();
        AtomicLong forwardedSteps = new AtomicLong();
        FaultPlan plan = (d, f) -> {
            if (d != Direction.BOARD_TO_HOST || !f.hasProbes()) {
                return Action.FORWARD;
            }
            if (batches.getAndIncrement() == 4) {
                return Action.KILL;
            }
            forwardedSteps.addAndGet(f.getProbes().getSteps());
            return Action.FORWARD;
        };
        LoihiException e = precomputeFails(plan, SnipErrors.LINK_DISCONNECTED);
        RunInterrupted r = assertInstanceOf(RunInterrupted.class, e);
        assertEquals(forwardedSteps.get() - 1, r.lastCompletedStep(), e.getMessage());
        assertTrue(r.step() > r.lastCompletedStep(), e.getMessage());
    }

    @Test
    void shouldFreeTheBoardSessionWhenHostDiesMidRun() throws IOException {
        interactiveFails(at(Direction.HOST_TO_BOARD, Frame::hasSpikes, 7, Action.KILL), SnipErrors.LINK_DISCONNECTED);
        assertTimeoutPreemptively(HANG, () -> {
            while (server.sessions() > 0) {
                Thread.sleep(10);
            }
        });
        // The board serves the next host as if nothing happened.
        try (HostSession again = TcpLink.to("127.0.0.1", server.port(), FAST)) {
            again.connect();
            again.upload(IMAGE);
            assertEquals(20, interactive(again, 20).steps());
        }
    }

    @Test
    void shouldTimeOutOnAStalledConnectionNamingTheStep() throws IOException {
        long start = System.nanoTime();
        LoihiException e = interactiveFails(at(Direction.BOARD_TO_HOST, Frame::hasProbes, 3, Action.STALL),
                SnipErrors.LINK_TIMEOUT);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains("ioTimeoutMs=" + IO_TIMEOUT_MS + ", expecting=ProbeBatch"), e.getMessage());
        assertTrue(e.getMessage().endsWith(", hostStep=3, lastCompletedStep=2"), e.getMessage());
        assertTrue(ms < IO_TIMEOUT_MS + 5_000, "gave up after " + ms + " ms");
    }

    @Test
    void shouldTimeOutWhenTheBoardStallsMidUpload() throws IOException {
        LoihiException e = uploadFails(at(Direction.HOST_TO_BOARD, Frame::hasImageChunk, 2, Action.STALL),
                SnipErrors.LINK_TIMEOUT);
        assertTrue(e.getMessage().contains("expecting=ImageAck"), e.getMessage());
    }

    @Test
    void shouldReportAFrameCutInHalf() throws IOException {
        LoihiException e = interactiveFails(at(Direction.BOARD_TO_HOST, Frame::hasProbes, 3, Action.CUT),
                SnipErrors.LINK_DISCONNECTED);
        assertTrue(e.getMessage().matches("board closed the connection inside a frame: peer=\\S+, receivedBytes=\\d+,"
                + " frameBytes=\\d+, hostStep=3, lastCompletedStep=2"), e.getMessage());
    }

    @Test
    void shouldRefuseADuplicatedProbeBatch() throws IOException {
        LoihiException e = interactiveFails(at(Direction.BOARD_TO_HOST, Frame::hasProbes, 3, Action.DUPLICATE),
                SnipErrors.LINK_PROTOCOL);
        assertTrue(e.getMessage().startsWith("probe batch out of step: firstStep=3, steps=1, expectedStep=4"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(", lastCompletedStep=3"), e.getMessage());
    }

    @Test
    void shouldRefuseDuplicatedSpikePackets() throws IOException {
        LoihiException e = interactiveFails(at(Direction.HOST_TO_BOARD, Frame::hasSpikes, 3, Action.DUPLICATE),
                ErrorFrames.hostCode(ErrorCode.STEP_OUT_OF_ORDER));
        assertTrue(e.getMessage().startsWith("spike packet out of order: step=3, chip=0, packet=0"), e.getMessage());
        assertTrue(e.getMessage().contains("expectedStep=4"), e.getMessage());
        assertTrue(e.getMessage().endsWith(", lastCompletedStep=3"), e.getMessage());
    }

    @Test
    void shouldRefuseReorderedSpikePackets() throws IOException {
        Reorder plan = new Reorder(Direction.HOST_TO_BOARD, Frame::hasSpikes, f -> f.getSpikes().getFirstStep());
        LoihiException e = precomputeFails(plan, ErrorFrames.hostCode(ErrorCode.STEP_OUT_OF_ORDER));
        assertTrue(e.getMessage().startsWith("spike packet out of order: step=" + plan.firstSteps.get(2)
                + ", chip=0, packet=0"), e.getMessage());
        assertTrue(e.getMessage().contains("expectedStep=" + plan.firstSteps.get(1)), e.getMessage());
    }

    @Test
    void shouldRefuseReorderedProbeBatches() throws IOException {
        Reorder plan = new Reorder(Direction.BOARD_TO_HOST, Frame::hasProbes, f -> f.getProbes().getFirstStep());
        LoihiException e = precomputeFails(plan, SnipErrors.LINK_PROTOCOL);
        assertTrue(e.getMessage().startsWith("probe batch out of step: firstStep=" + plan.firstSteps.get(2)
                + ", steps="), e.getMessage());
        assertTrue(e.getMessage().contains("expectedStep=" + plan.firstSteps.get(1)), e.getMessage());
    }

    /** Holds back the second frame of a kind until the third has gone, noting each one's first step. */
    private static final class Reorder implements FaultPlan {
        private final Direction direction;
        private final Predicate<Frame> kind;
        private final ToLongFunction<Frame> firstStep;
        final List<Long> firstSteps = new CopyOnWriteArrayList<>();

        Reorder(Direction direction, Predicate<Frame> kind, ToLongFunction<Frame> firstStep) {
            this.direction = direction;
            this.kind = kind;
            this.firstStep = firstStep;
        }

        @Override
        public Action decide(Direction d, Frame f) {
            if (d != direction || !kind.test(f)) {
                return Action.FORWARD;
            }
            firstSteps.add(firstStep.applyAsLong(f));
            return firstSteps.size() == 2 ? Action.HOLD : Action.FORWARD;
        }
    }
}
