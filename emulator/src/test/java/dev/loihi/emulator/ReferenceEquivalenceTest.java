package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
}
