package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What {@link Main#execute} does with command lines picocli itself rejects. */
class MainTest {
    @Test
    void shouldReportMissingRequiredOptionAsOneUsageLine() {
        CliRun run = CliRun.of("compile", "model.json").assertUserError(Main.USAGE_ERROR);
        assertTrue(run.err().contains("--output") && run.err().contains("loihi compile --help"), run.err());
    }

    @Test
    void shouldReportUnknownCommandAsOneUsageLine() {
        CliRun.of("compiel", "model.json").assertUserError(Main.USAGE_ERROR);
    }

    @Test
    void shouldReportOptionValueOfTheWrongTypeAsOneUsageLine() {
        CliRun run = CliRun.of("run", "model.json", "--input", "x.npy", "--steps-per-input", "many")
                .assertUserError(Main.USAGE_ERROR);
        assertTrue(run.err().contains("many"), run.err());
    }

    @Test
    void shouldPrintUsageWithoutACommand() {
        CliRun run = CliRun.of().assertOk();
        assertTrue(run.out().contains("compile") && run.out().contains("emulate"), run.out());
    }
}
