package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** emulate --probe and --from-step/--to-step: the trace holds what was asked, and a range outside the run is refused. */
class EmulateRangeCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.loihi.cli.TestData#rawCases")
    void shouldHoldOnlyTheAskedKindsAndSteps(String rawCase) throws Exception {
        Path raw = TestData.fixture("raw/" + rawCase + ".json");
        int steps = new ObjectMapper().readTree(raw.toFile()).get("steps").asInt();
        Path trace = dir.resolve("t.json");
        int from = Math.min(2, steps);
        CliRun run = CliRun.of("emulate", raw, "--trace", trace, "--probe", "spikes", "--probe", "voltage",
                "--from-step", String.valueOf(from), "--to-step", String.valueOf(steps));
        run.assertOk();
        assertTrue(run.out().startsWith("emulated " + steps + " steps in "), run.out());
        JsonNode t = new ObjectMapper().readTree(trace.toFile());
        assertEquals(steps - from + 1, t.get("steps").asInt());
        for (JsonNode block : t.get("blocks")) {
            assertTrue(block.has("spike_times") && block.has("voltage"));
            assertFalse(block.has("current"));
            assertEquals(steps - from + 1, block.get("voltage").get(0).size());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.loihi.cli.TestData#rawCases")
    void shouldRefuseARangeOutsideTheRunAndWriteNoTrace(String rawCase) {
        Path raw = TestData.fixture("raw/" + rawCase + ".json");
        Path trace = dir.resolve("t.json");
        CliRun.of("emulate", raw, "--trace", trace, "--to-step", "1000000000").assertUserError("EMULATE_STEPS");
        CliRun.of("emulate", raw, "--trace", trace, "--from-step", "0").assertUserError("EMULATE_STEPS");
        CliRun.of("emulate", raw, "--trace", trace, "--probe", "charge").assertUserError("CLI_USAGE");
        assertFalse(Files.exists(trace));
    }
}
