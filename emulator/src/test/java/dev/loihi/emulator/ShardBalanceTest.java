package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.image.OutputPort;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cores split by the work estimated before the first step, and again by the work counted
 * over the first steps where that pays, with no change to any output.
 */
class ShardBalanceTest {

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

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

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldGiveNoShardMoreThanItsShareAndOneCore(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int cores = 1 + r.nextInt(300);
        int[] coreStart = new int[cores + 1];
        long[] before = new long[cores + 1];
        long largest = 0;
        for (int c = 0; c < cores; c++) {
            coreStart[c + 1] = coreStart[c] + r.nextInt(1025);
            // idle cores, ordinary ones and now and then one that outweighs many
            long work = r.nextInt(4) == 0 ? 0 : r.nextInt(8) == 0 ? r.nextLong(1_000_000) : r.nextLong(1_000);
            before[c + 1] = before[c] + work;
            largest = Math.max(largest, work);
        }
        int wanted = 1 + r.nextInt(8);
        CoreShard[] shards = CoreShard.split(coreStart, before, wanted);
        assertEquals(Math.min(wanted, cores), shards.length);
        long share = (before[cores] + shards.length - 1) / shards.length;
        int next = 0;
        for (CoreShard s : shards) {
            assertEquals(next, s.coreFrom);
            assertTrue(s.coreTo > s.coreFrom, "empty shard");
            long work = before[s.coreTo] - before[s.coreFrom];
            assertTrue(work <= share + largest, "shard " + s.coreFrom + ".." + s.coreTo + " work=" + work
                    + ", share=" + share + ", largest core=" + largest);
            next = s.coreTo;
        }
        assertEquals(cores, next);
    }

    @Test
    void shouldEstimateBlocksAndUpdatesBeforeTheFirstStep() {
        // per core 100 compartments updated over 8 steps; cores 0 and 1 each one host block of
        // 100 synapses and its 8 events
        NetworkLayout layout = hostDriven(0, 1);
        long[] estimate = new ShardBalance(layout).estimate();
        assertArrayEquals(new long[] {0, 908, 1816, 2616, 3416}, estimate);
        assertEquals(2, CoreShard.split(layout.coreStart(), estimate, 2)[0].coreTo);
    }

    @Test
    void shouldResplitOnlyWhenTheBusiestShardLosesATwentieth() {
        CoreShard[] now = {new CoreShard(0, 2, 2, 1), new CoreShard(2, 3, 1, 1)};
        CoreShard[] next = {new CoreShard(0, 1, 1, 1), new CoreShard(1, 3, 2, 1)};
        // busiest 200 now; 190 next is a twentieth less, 191 is not
        assertTrue(ShardBalance.pays(now, next, new long[] {0, 190, 200, 380}));
        assertFalse(ShardBalance.pays(now, next, new long[] {0, 191, 200, 382}));
        assertFalse(ShardBalance.pays(now, now, new long[] {0, 190, 200, 380}));
    }

    @Test
    void shouldCountSpikesAtTheMeanCostOfTheBlocksTheyReach() {
        // compartment 0 (core 0) reaches cores 2 and 3, compartment 150 (core 1) core 3; each
        // block is the 100 synapses at offset 0, 108 events
        int[] routeStart = new int[401];
        for (int i = 1; i <= 400; i++) {
            routeStart[i] = i <= 150 ? 2 : 3;
        }
        ShardBalance counts = new ShardBalance(hostDriven(routeStart, new int[] {2, 0, 3, 0, 3, 0}));
        counts.fired(new int[] {0, 150}, 2);
        counts.fired(new int[] {0, 7}, 1);
        assertArrayEquals(new long[] {0, 0, 0, 2 * 108, 2 * 108 + 3 * 108}, counts.before());
    }

    @Test
    void shouldCountNothingWhenNoCoreWorked() {
        ShardBalance counts = new ShardBalance(hostDriven(0, 1));
        assertEquals(null, counts.before());
        counts.update(1, 5);
        assertArrayEquals(new long[] {0, 0, 5, 5, 5}, counts.before());
    }

    @Test
    void shouldSplitTheBusyCoresApartAndStepAsOneThreadDoes() {
        NetworkLayout layout = hostDriven(0, 1);
        NetworkRuntime one = new NetworkRuntime(layout, 1);
        NetworkRuntime two = new NetworkRuntime(layout, 2);
        try {
            assertArrayEquals(new int[][] {{0, 2}, {2, 4}}, two.shardCores());
            for (int step = 0; step < 3 * ShardBalance.STEPS; step++) {
                for (int axon = 0; axon < 2; axon++) {
                    one.inject(0, axon);
                    two.inject(0, axon);
                }
                one.step();
                two.step();
                String at = "step=" + step;
                // one thread steps whole, its state off the heap: compared through the views
                NativeAddsTest.assertSameState(one, two, at);
            }
            // the host's blocks to cores 0 and 1 are the only work (the other cores stay at rest)
            assertArrayEquals(new int[][] {{0, 1}, {1, 4}}, two.shardCores());
        } finally {
            two.team().stop();
        }
    }

    /** Four cores of 100 compartments; host axon k's dense block reaches all of core {@code driven[k]}; no bias anywhere. */
    private static NetworkLayout hostDriven(int... driven) {
        return hostDriven(new int[401], new int[0], driven);
    }

    /** As above, with the compartments' routes: pairs (core, block offset 0) from {@code 2 * routeStart[i]} on. */
    private static NetworkLayout hostDriven(int[] routeStart, int[] routeTargets, int... driven) {
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
        // every axon reaches its core through the one block at offset 0
        int[] inputStart = new int[driven.length + 1];
        int[] inputPairs = new int[2 * driven.length];
        for (int k = 0; k < driven.length; k++) {
            inputStart[k + 1] = k + 1;
            inputPairs[2 * k] = driven[k];
        }
        return new NetworkLayout(names, coreStart, vmin, vmax, uKeep, vKeep, vth, new int[total], delay, mem,
                routeStart, routeTargets, new int[total + 1], new int[0], new String[] {"in"},
                new int[] {driven.length}, new int[][] {inputStart}, new int[][] {inputPairs}, new String[0],
                new OutputPort.Kind[0], new int[0][]);
    }
}
