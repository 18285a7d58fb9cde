package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conv networks built with population axons run exactly as the same networks built with
 * discrete axons (the kernel expanded into a dense matrix), step for step, on the reference
 * stepper and on the emulator; and both agree with each other.
 */
class PopulationEquivalenceTest {

    static Stream<Arguments> cases() {
        return LongStream.range(0, 24).boxed().flatMap(seed -> Stream.of(Arguments.of(seed, 16), Arguments.of(seed, 32)));
    }

    @ParameterizedTest(name = "seed {0}, pop{1}")
    @MethodSource("cases")
    void shouldMatchDenseExpansionOnReference(long seed, int popType) {
        RawNetwork pop = ConvRawNetworks.population(seed, popType);
        Trace expected = ReferenceStepper.run(ConvRawNetworks.dense(pop));
        // the conv synapse delivers something: B's current moves (its u sees only q)
        assertTrue(Stream.of(expected.blocks().get("B").current()).flatMapToInt(java.util.Arrays::stream).anyMatch(u -> u != 0),
                "no input reached B");
        assertEquals(Optional.empty(), TraceComparison.firstDifference(expected, ReferenceStepper.run(pop)));
    }

    @ParameterizedTest(name = "seed {0}, pop{1}")
    @MethodSource("cases")
    void shouldMatchDenseExpansionOnEmulator(long seed, int popType) {
        RawNetwork pop = ConvRawNetworks.population(seed, popType);
        Trace expected = Emulator.runRaw(ConvRawNetworks.dense(pop));
        assertEquals(Optional.empty(), TraceComparison.firstDifference(expected, Emulator.runRaw(pop)));
        assertEquals(Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(pop), Emulator.runRaw(pop)));
    }

    @ParameterizedTest(name = "seed {0}, pop{1}")
    @MethodSource("cases")
    void shouldReadBackWrittenPopulationSynapses(long seed, int popType) {
        RawNetwork pop = ConvRawNetworks.population(seed, popType);
        assertEquals(pop, RawNetworkReader.read(RawNetworkWriter.toJson(pop), "seed-" + seed));
    }
}
