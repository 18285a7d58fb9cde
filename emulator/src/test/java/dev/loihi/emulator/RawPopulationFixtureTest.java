package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case in fixtures/raw_population (population synapses, RAW_FORMAT.md) against the
 * independent emulator's trace: run by the emulator, by the reference, and after a write and
 * read back through the raw format.
 */
class RawPopulationFixtureTest {

    static Stream<Named<Path>> cases() throws IOException {
        return RawFixtureTest.casesIn("raw_population");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldReproduceFixtureTraceWithEmulator(Path network) {
        Assumptions.assumeTrue(network != null, "fixtures absent");
        RawNetwork raw = RawNetworkReader.read(network);
        assertTrue(raw.synapses().stream().anyMatch(RawSynapse::isPopulation), "case has no population synapse");
        Trace actual = Emulator.runRaw(raw);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(RawFixtureTest.expected(network), actual));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldReproduceFixtureTraceWithReference(Path network) {
        Assumptions.assumeTrue(network != null, "fixtures absent");
        Trace actual = ReferenceStepper.run(RawNetworkReader.read(network));
        assertEquals(Optional.empty(), TraceComparison.firstDifference(RawFixtureTest.expected(network), actual));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldReadBackWhatItWrites(Path network) {
        Assumptions.assumeTrue(network != null, "fixtures absent");
        RawNetwork raw = RawNetworkReader.read(network);
        RawNetwork again = RawNetworkReader.read(RawNetworkWriter.toJson(raw), "written");
        assertEquals(raw, again);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(RawFixtureTest.expected(network),
                Emulator.runRaw(again)));
    }
}
