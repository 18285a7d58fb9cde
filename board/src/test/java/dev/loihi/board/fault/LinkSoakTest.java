package dev.loihi.board.fault;

import dev.loihi.snips.link.HostSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.board.TcpLink;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * Soak: {@code loihi.soak.steps} steps (1,000,000 by default) through one TCP link to the
 * emulator server, in precompute mode, as ten consecutive runs that carry the chips' state
 * over. Every run must complete with no spike lost, and the heap after a full GC once the last
 * run is done must not exceed what it was after the first tenth: the link, the server session
 * and their buffers keep nothing per step. docs/RELIABILITY.md has the 10M-step figures.
 */
class LinkSoakTest {
    static final String STEPS_PROPERTY = "loihi.soak.steps";
    private static final int SLICES = 10;
    private static final int AXONS = 16;
    /** Heap noise after GC (class loading, JIT, logging) that is not growth per step. */
    private static final long HEAP_SLACK_BYTES = 4L << 20;

    @Test
    void shouldRunAMillionStepsThroughTheLinkWithFlatMemory() {
        long steps = Long.getLong(STEPS_PROPERTY, 1_000_000L);
        int slice = (int) (steps / SLICES);
        SpikeSchedule.Builder b = SpikeSchedule.builder(slice);
        for (int t = 0; t < slice; t++) {
            b.add(t, 0, t % AXONS);
            b.add(t, 0, (t * 7 + 3) % AXONS);
        }
        SpikeSchedule input = b.build();
        long[] heapAfterSlice = new long[SLICES];
        long[] nettyAfterSlice = new long[SLICES];
        ByteBufAllocatorMetric netty = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        long outputSpikes = 0;
        // One slice's result (its probe traces) is the only thing the test keeps, and only until the next.
        long start = System.nanoTime();
        try (EmulatorServer server = EmulatorServer.start(ServerOptions.loopback(0));
             HostSession link = TcpLink.to("127.0.0.1", server.port(), LinkOptions.defaults())) {
            link.connect();
            link.upload(RelayImage.build(AXONS, 1));
            for (int s = 0; s < SLICES; s++) {
                RunSpec spec = RunSpec.of(slice, ChannelConfig.defaults()).withResetState(s == 0);
                RunResult r = link.runPrecompute(spec, input);
                assertEquals(slice, r.steps());
                assertEquals(r.channel().spikesSent(), r.channel().spikesDelivered());
                outputSpikes += r.channel().spikesReceived();
                heapAfterSlice[s] = heapAfterGc();
                nettyAfterSlice[s] = netty.usedDirectMemory() + netty.usedHeapMemory();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("soak: steps=%d in %.1f s (%.0f steps/s), output spikes=%d, heap after GC: first tenth=%d,"
                        + " end=%d, min=%d, max=%d bytes; netty buffers: first tenth=%d, end=%d bytes%n", (long) slice * SLICES,
                seconds, slice * SLICES / seconds, outputSpikes, heapAfterSlice[0], heapAfterSlice[SLICES - 1],
                min(heapAfterSlice), max(heapAfterSlice), nettyAfterSlice[0], nettyAfterSlice[SLICES - 1]);
        assertTrue(outputSpikes > 0, "the relay never fired");
        assertTrue(heapAfterSlice[SLICES - 1] <= heapAfterSlice[0] + HEAP_SLACK_BYTES, "heap grew over the soak: first="
                + heapAfterSlice[0] + ", last=" + heapAfterSlice[SLICES - 1] + ", slackBytes=" + HEAP_SLACK_BYTES);
        assertTrue(nettyAfterSlice[SLICES - 1] <= nettyAfterSlice[0] + HEAP_SLACK_BYTES, "link buffers grew over the soak:"
                + " first=" + nettyAfterSlice[0] + ", last=" + nettyAfterSlice[SLICES - 1]);
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long min(long[] v) {
        long m = Long.MAX_VALUE;
        for (long x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static long max(long[] v) {
        long m = Long.MIN_VALUE;
        for (long x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
