package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.emulator.Trace;
import dev.loihi.emulator.TraceComparison;
import dev.loihi.emulator.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EmulateCommandTest {
    @TempDir
    Path dir;

    static List<String> rawCases() {
        return TestData.rawCases();
    }

    @ParameterizedTest
    @MethodSource("rawCases")
    void shouldMatchTheReferenceTraceNumberForNumber(String rawCase) {
        Path trace = dir.resolve(rawCase + ".trace.json");
        CliRun.of("emulate", TestData.fixture("raw/" + rawCase + ".json"), "--trace", trace).assertOk();
        Trace expected = TraceReader.read(TestData.fixture("raw/" + rawCase + ".trace.json"));
        Optional<String> difference = TraceComparison.firstDifference(expected, TraceReader.read(trace));
        assertEquals(Optional.empty(), difference);
    }

    @Test
    void shouldRefuseMalformedRawJson() throws Exception {
        Path raw = Files.writeString(dir.resolve("bad.json"), "{\"steps\": 10, \"blocks\": [");
        CliRun.of("emulate", raw, "--trace", dir.resolve("t.json")).assertUserError("RAW_MALFORMED");
    }
}
