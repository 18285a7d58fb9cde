package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A sender's axons on one core are joined into one block, and the result stays exact. */
class AxonMergerTest {

    /** A -> B split by sign as the compiler splits it: two matrices, each zero where the other is not. */
    private static RawNetwork splitBySign(int excitatoryExp, int inhibitoryExp) {
        int n = 6;
        int[] ones = {1, 1, 1, 1, 1, 1};
        int[] zeros = new int[n];
        int[] vth = {3, 3, 3, 3, 3, 3};
        int[] bias = {200, 0, 0, 0, 0, 0};
        int[] biasExp = {6, 0, 0, 0, 0, 0};
        RawBlock a = new RawBlock("A", n, ones.clone(), zeros.clone(), vth.clone(), bias, biasExp, ones.clone(), 0, 0);
        RawBlock b = new RawBlock("B", n, ones.clone(), zeros.clone(), vth.clone(), zeros.clone(), zeros.clone(), ones.clone(), 0, 0);
        int[][] excitatory = new int[n][n];
        int[][] inhibitory = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if ((i + j) % 2 == 0) {
                    excitatory[i][j] = 255;
                } else {
                    inhibitory[i][j] = -200 + 10 * j;
                }
            }
        }
        int[] spikeTimes = {1, 2, 5, 9, 10, 11, 30};
        RawInput in = new RawInput("in", n, new int[][] {spikeTimes, spikeTimes, {3}, {}, spikeTimes, {4, 8}});
        return new RawNetwork(40, List.of(a, b), List.of(in), List.of(
                new RawSynapse("A", "B", excitatory, excitatoryExp),
                new RawSynapse("A", "B", inhibitory, inhibitoryExp),
                new RawSynapse("in", "A", excitatory, excitatoryExp),
                new RawSynapse("in", "A", inhibitory, inhibitoryExp)));
    }

    @Test
    void shouldJoinEachSendersAxonsOnOneCoreIntoOneDenseBlock() {
        RawNetwork raw = splitBySign(0, 0);
        NetworkLayout layout = RawLoader.load(raw, "test");
        // one route per compartment of A and one target per host axon, each a dense run of all 6 compartments
        assertEquals(6, layout.routeStart()[6]);
        assertEquals(6, layout.inputTargetStart()[0][6]);
        short[] memory = layout.synapseMemory();
        // rows alternate between two patterns, and equal blocks are stored once: 12 merged axons, 2 blocks
        assertEquals(2 * (NetworkLayout.DENSE_HEADER + 6), memory.length);
        int block = layout.routeTargets()[1];
        assertEquals(6, memory[block]);
        assertEquals(1, memory[block + 1] & 1);
        Trace trace = Emulator.runRaw(raw);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(raw), trace));
        assertTrue(Arrays.stream(trace.blocks().get("B").spikeCounts()).sum() > 0);
    }

    @Test
    void shouldKeepAxonsApartWhenTheirSumsDoNotFitOneBlock() {
        // 255 x 2^13 beside odd weights at 2^0 needs 21 bits above the common power of two
        RawNetwork raw = splitBySign(7, -5);
        NetworkLayout layout = RawLoader.load(raw, "test");
        assertEquals(12, layout.routeStart()[6]);
        Trace trace = Emulator.runRaw(raw);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(raw), trace));
        // B must spike, or the comparison would say little about the routes into it
        assertTrue(Arrays.stream(trace.blocks().get("B").spikeCounts()).sum() > 0);
    }

    @Test
    void shouldKeepAxonsApartWhenTheJoinedBlockWouldBeNoSmaller() {
        int n = 32;
        int[] vth = new int[n];
        Arrays.fill(vth, 2);
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        int[] bias = new int[n];
        Arrays.fill(bias, 150);
        int[] biasExp = new int[n];
        Arrays.fill(biasExp, 6);
        RawBlock a = new RawBlock("A", n, ones.clone(), new int[n], vth.clone(), bias, biasExp, ones.clone(), 0, 0);
        RawBlock b = new RawBlock("B", n, ones.clone(), new int[n], vth.clone(), new int[n], new int[n], ones.clone(), 0, 0);
        // per row, two runs of 3 at opposite ends of B: as one block they would span 32 compartments
        // (dense) or list 6 pairs (sparse), both larger than the two runs apart
        int[][] low = new int[n][n];
        int[][] high = new int[n][n];
        for (int i = 0; i < n; i++) {
            low[i][0] = 100 + i;
            low[i][1] = 90;
            low[i][2] = 70;
            high[i][29] = 60;
            high[i][30] = -50;
            high[i][31] = 120 - i;
        }
        RawNetwork raw = new RawNetwork(30, List.of(a, b), List.of(), List.of(
                new RawSynapse("A", "B", low, 0), new RawSynapse("A", "B", high, 0)));
        NetworkLayout layout = RawLoader.load(raw, "test");
        assertEquals(2 * n, layout.routeStart()[n]);
        Trace trace = Emulator.runRaw(raw);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(raw), trace));
        assertTrue(Arrays.stream(trace.blocks().get("B").spikeCounts()).sum() > 0);
    }
}
