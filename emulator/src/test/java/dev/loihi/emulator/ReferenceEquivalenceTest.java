package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.image.ChipLimits;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast runtime and the plain reference agree bit for bit on random networks. */
class ReferenceEquivalenceTest {

    static LongStream seeds() {
        return LongStream.range(1, 61);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldMatchReferenceOnRandomNetwork(long seed) {
        RawNetwork raw = RandomRawNetworks.generate(seed, false);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(raw), Emulator.runRaw(raw)));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldMatchReferenceOnWrappingNetwork(long seed) {
        RawNetwork raw = RandomRawNetworks.generate(1000 + seed, true);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(raw), Emulator.runRaw(raw)));
    }

    @Test
    void shouldExerciseEveryWarningKindAcrossWrappingSeeds() {
        Set<Warning> seen = EnumSet.noneOf(Warning.class);
        seeds().forEach(seed -> seen.addAll(Emulator.runRaw(RandomRawNetworks.generate(1000 + seed, true)).warnings()));
        assertEquals(EnumSet.allOf(Warning.class), seen);
    }

    @Test
    void shouldProduceSpikesInRandomNetworks() {
        long spikes = seeds().map(seed -> {
            Trace t = Emulator.runRaw(RandomRawNetworks.generate(seed, false));
            return t.blocks().values().stream().flatMapToInt(b -> java.util.Arrays.stream(b.spikeCounts())).sum();
        }).sum();
        assertFalse(spikes == 0, "random networks never spiked; the equivalence test would prove little");
    }

    /**
     * 1,024 compartments (all spiking at step 6) and 1,032 host axons (all at step 6) reach one
     * compartment with the largest weight, 255 x 2^13, in step 7: their sum, 2^32 - 65,536,
     * wraps q, but summed in an int it reads -65,536, which would not. The runtime must tell
     * from the blocks' bounds that an int may not hold the sum and sum that core again in 64
     * bits, or the Q warning is lost. A second compartment gets weights of both signs that
     * cancel out: a large bound, a small q, which must not wrap. With -128 in place of 255 the
     * host's blocks hold their value as a byte (NetworkLayout), which the 64-bit sum must read as
     * the adds do.
     */
    @ParameterizedTest
    @ValueSource(ints = {255, -128})
    void shouldSumQInSixtyFourBitsWhenAnIntCouldOverflow(int largest) {
        int n = 1024;
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        int[] all = new int[n];
        Arrays.fill(all, ChipLimits.DECAY_MAX);
        int[] vth = new int[n];
        Arrays.fill(vth, 1000);
        int[] bias = new int[n];
        Arrays.fill(bias, 100);
        int[] biasExp = new int[n];
        Arrays.fill(biasExp, 7);
        // all of A reach the threshold in the same steps (same bias, u cleared every step)
        RawBlock a = new RawBlock("A", n, all, new int[n], vth, bias, biasExp, ones, 23, 7);
        RawBlock b = new RawBlock("B", 2, new int[] {ChipLimits.DECAY_MAX, ChipLimits.DECAY_MAX}, new int[2],
                new int[] {1000, 1000}, new int[2], new int[2], new int[] {1, 1}, 23, 7);
        // with -128 an odd count: a byte read without its sign errs by 2^21 a spike, which an even
        // count of such spikes hides (q is taken mod 2^22)
        int hostAxons = largest == 255 ? 1032 : 1031;
        int[][] times = new int[hostAxons][];
        for (int k = 0; k < hostAxons; k++) {
            times[k] = new int[] {6};
        }
        int[][] fromA = new int[n][2];
        int[][] fromHost = new int[hostAxons][2];
        for (int i = 0; i < n; i++) {
            fromA[i][0] = largest;
            fromA[i][1] = i % 2 == 0 ? 254 : -254;
        }
        for (int k = 0; k < hostAxons; k++) {
            fromHost[k][0] = largest;
        }
        RawNetwork raw = new RawNetwork(8, List.of(a, b), List.of(new RawInput("in", hostAxons, times)),
                List.of(new RawSynapse("A", "B", fromA, 7), new RawSynapse("in", "B", fromHost, 7)));
        Trace trace = Emulator.runRaw(raw);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(raw), trace));
        assertEquals(n, Arrays.stream(trace.blocks().get("A").spikeCounts()).sum(), "A did not spike all at once");
        assertEquals(EnumSet.of(Warning.Q), trace.warnings());
    }
}
