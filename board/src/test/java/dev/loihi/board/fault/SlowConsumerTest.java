package dev.loihi.board.fault;

import dev.loihi.snips.link.HostSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.board.TcpLink;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.InProcessLink;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.image.Image;
import dev.loihi.proto.link.Frame;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A host that reads the board's output slowly: a precompute run whose output is several times
 * the board's write buffer goes through a relay throttled far below the rate the board
 * produces it, and stops reading for a while at the first output. The board must wait for the host (back-pressure) rather than buffer its output:
 * the Netty buffer memory of the process (board and link share it here) may grow by the
 * write buffer's high water mark and a few frames, not by the run's output. The run must
 * still complete with every step's output identical to the in-process emulator's.
 */
class SlowConsumerTest {
    private static final int STEPS = 10_000;
    private static final long THROTTLE_BYTES_PER_S = 16L << 20;
    /** How long the reader stops at the first output: enough for an unchecked board to run every step. */
    private static final long PAUSE_MS = 1_500;
    private static final LinkOptions OPTIONS = LinkOptions.defaults().withIoTimeoutMs(5_000)
            .withMaxFrameBytes(256 * 1024);
    /** The board's write buffer high water mark (4 MiB), one input frame's output, allocator chunks. */
    private static final long BUFFER_GROWTH_BOUND_BYTES = 10L << 20;

    @Test
    void shouldHoldBackTheBoardInsteadOfBufferingForASlowHost() throws Exception {
        Image image = RelayImage.build(1024, 1);
        SpikeSchedule.Builder b = SpikeSchedule.builder(STEPS);
        for (int t = 0; t < STEPS; t++) {
            b.add(t, 0, (t * 31) % 1024);
        }
        SpikeSchedule input = b.build();
        RunSpec spec = RunSpec.of(STEPS, ChannelConfig.defaults());
        RunResult reference;
        try (HostSession link = InProcessLink.open()) {
            link.connect();
            link.upload(image);
            reference = link.runPrecompute(spec, input);
        }
        ByteBufAllocatorMetric netty = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        PausingReader reader = new PausingReader(netty);
        try (EmulatorServer server = EmulatorServer.start(ServerOptions.loopback(0));
             FaultProxy proxy = new FaultProxy(server.port(), reader, THROTTLE_BYTES_PER_S);
             HostSession link = TcpLink.of(proxy.target(), OPTIONS)) {
            link.connect();
            link.upload(image);
            long start = System.nanoTime();
            RunResult slow = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> link.runPrecompute(spec, input));
            double seconds = (System.nanoTime() - start) / 1e9;
            long output = proxy.boardToHostBytes();
            System.out.printf("slow consumer: steps=%d, output=%d bytes in %.2f s, buffer growth in the pause=%d bytes%n",
                    STEPS, output, seconds, reader.growth());
            assertTrue(output > 2 * BUFFER_GROWTH_BOUND_BYTES, "output too small to tell: outputBytes=" + output);
            assertTrue(reader.growth() < BUFFER_GROWTH_BOUND_BYTES, "the board buffered its output: growthBytes="
                    + reader.growth() + ", outputBytes=" + output);
            assertEquals(reference.probes(), slow.probes());
        }
    }

    /**
     * Stops reading the board's output for {@link #PAUSE_MS} at its first batch, and measures how
     * much Netty buffer memory the process gained meanwhile: only the board produces then.
     */
    private static final class PausingReader implements FaultProxy.FaultPlan {
        private final ByteBufAllocatorMetric netty;
        private final AtomicBoolean paused = new AtomicBoolean();
        private volatile long growth;

        PausingReader(ByteBufAllocatorMetric netty) {
            this.netty = netty;
        }

        @Override
        public FaultProxy.Action decide(FaultProxy.Direction direction, Frame f) {
            if (direction == FaultProxy.Direction.BOARD_TO_HOST && f.hasProbes() && paused.compareAndSet(false, true)) {
                long before = used(netty);
                long peak = before;
                long end = System.nanoTime() + PAUSE_MS * 1_000_000L;
                while (System.nanoTime() < end) {
                    peak = Math.max(peak, used(netty));
                    LockSupport.parkNanos(2_000_000L);
                }
                growth = peak - before;
            }
            return FaultProxy.Action.FORWARD;
        }

        long growth() {
            return growth;
        }
    }

    private static long used(ByteBufAllocatorMetric m) {
        return m.usedDirectMemory() + m.usedHeapMemory();
    }
}
