package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case in fixtures/raw, run by the emulator and by the reference, against the independent emulator's trace. */
class RawFixtureTest {

    static Stream<Named<Path>> cases() throws IOException {
        return casesIn("raw");
    }

    /** The networks of one fixtures folder (only that folder), or one null case when fixtures are absent. */
    static Stream<Named<Path>> casesIn(String folder) throws IOException {
        Optional<Path> dir = Fixtures.find(folder);
        if (dir.isEmpty()) {
            return Stream.of(Named.of("fixtures absent", null));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.get())) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().endsWith(".trace.json"))
                    .sorted()
                    .toList();
        }
        assertTrue(!files.isEmpty(), "no cases in " + dir.get());
        return files.stream().map(p -> Named.of(p.getFileName().toString(), p));
    }

    static Trace expected(Path network) {
        String name = network.getFileName().toString();
        Path trace = network.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".trace.json");
        assertTrue(Files.exists(trace), "missing trace for " + name);
        return TraceReader.read(trace);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldReproduceFixtureTraceWithEmulator(Path network) {
        Assumptions.assumeTrue(network != null, "fixtures absent");
        Trace actual = Emulator.runRaw(RawNetworkReader.read(network));
        assertEquals(Optional.empty(), TraceComparison.firstDifference(expected(network), actual));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldReproduceFixtureTraceWithReference(Path network) {
        Assumptions.assumeTrue(network != null, "fixtures absent");
        Trace actual = ReferenceStepper.run(RawNetworkReader.read(network));
        assertEquals(Optional.empty(), TraceComparison.firstDifference(expected(network), actual));
    }
}
