package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.image.OutputPort;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The cores split again by the work counted over the first steps, with no change to any output. */
class ShardBalanceTest {

    @Test
    void shouldSplitByWorkRatherThanCompartments() {
        int[] coreStart = {0, 100, 200, 300, 400};
        // core 0 does as much as the three others together
        long[] before = {0, 300, 400, 500, 600};
        CoreShard[] shards = CoreShard.split(coreStart, before, 2);
        assertEquals(1, shards[0].coreTo);
        assertEquals(4, shards[1].coreTo);
        assertEquals(301, shards[1].spikes.length);
    }

    @Test
    void shouldCountNothingWhenNoCoreWorked() {
        ShardBalance counts = new ShardBalance(3);
        assertEquals(null, counts.before());
        counts.update(1, 5);
        assertArrayEquals(new long[] {0, 0, 5, 5}, counts.before());
    }

    @Test
    void shouldGiveTheBusyCoreAThreadOfItsOwnAndStepAsOneThreadDoes() {
        NetworkLayout layout = hostDrivenCore0();
        NetworkRuntime one = new NetworkRuntime(layout, 1);
        NetworkRuntime two = new NetworkRuntime(layout, 2);
        try {
            assertArrayEquals(new int[][] {{0, 2}, {2, 4}}, two.shardCores());
            for (int step = 0; step < 3 * ShardBalance.STEPS; step++) {
                one.inject(0, 0);
                two.inject(0, 0);
                one.step();
                two.step();
                String at = "step=" + step;
                assertArrayEquals(one.u, two.u, at);
                assertArrayEquals(one.v, two.v, at);
                assertArrayEquals(Arrays.copyOf(one.stepSpikes, one.stepSpikeCount),
                        Arrays.copyOf(two.stepSpikes, two.stepSpikeCount), at);
            }
            // the host's block to core 0 is the only work (the other cores stay at rest)
            assertArrayEquals(new int[][] {{0, 1}, {1, 4}}, two.shardCores());
        } finally {
            two.team().stop();
        }
    }

    /** Four cores of 100 compartments; a host axon whose dense block reaches all of core 0; no bias anywhere. */
    private static NetworkLayout hostDrivenCore0() {
        int cores = 4;
        int n = 100;
        int[] coreStart = {0, n, 2 * n, 3 * n, 4 * n};
        short[] mem = new short[NetworkLayout.DENSE_HEADER + n];
        mem[0] = (short) n;
        mem[1] = 1;
        mem[2] = 8;
        for (int k = 0; k < n; k++) {
            mem[NetworkLayout.DENSE_HEADER + k] = (short) (40 + k);
        }
        int total = cores * n;
        int[] uKeep = new int[total];
        int[] vKeep = new int[total];
        int[] vth = new int[total];
        int[] delay = new int[total];
        Arrays.fill(uKeep, 2048);
        Arrays.fill(vKeep, 3072);
        Arrays.fill(vth, 64 * 3);
        Arrays.fill(delay, 2);
        int[] vmin = new int[cores];
        int[] vmax = new int[cores];
        Arrays.fill(vmin, -(1 << 23) + 1);
        Arrays.fill(vmax, (1 << 23) - 1);
        String[] names = {"a", "b", "c", "d"};
        return new NetworkLayout(names, coreStart, vmin, vmax, uKeep, vKeep, vth, new int[total], delay, mem,
                new int[total + 1], new int[0], new int[total + 1], new int[0], new String[] {"in"}, new int[] {1},
                new int[][] {{0, 1}}, new int[][] {{0, 0}}, new String[0], new OutputPort.Kind[0], new int[0][]);
    }
}
