package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** What {@link Main#execute} does with command lines picocli itself rejects. */
class MainTest {
    @Test
    void shouldReportMissingRequiredOptionAsOneUsageLine() {
        CliRun run = CliRun.of("compile", "model.json").assertUserError(CliErrors.CLI_USAGE);
        assertTrue(run.err().contains("--output") && run.err().contains("loihi compile --help"), run.err());
    }

    @Test
    void shouldReportUnknownCommandAsOneUsageLine() {
        CliRun.of("compiel", "model.json").assertUserError(CliErrors.CLI_USAGE);
    }

    @Test
    void shouldReportOptionValueOfTheWrongTypeAsOneUsageLine() {
        CliRun run = CliRun.of("run", "model.json", "--input", "x.npy", "--steps-per-input", "many")
                .assertUserError(CliErrors.CLI_USAGE);
        assertTrue(run.err().contains("many"), run.err());
    }

    @Test
    void shouldSuggestTheCommandAMisspeltOneWasMeantToBe() {
        CliRun run = CliRun.of("runn", "model.json").assertUserError(CliErrors.CLI_USAGE);
        assertTrue(run.err().contains("didYouMean=run"), run.err());
    }

    /** A heap too small for the work, also when a worker's failure wraps it: one line naming the limit, exit 2. */
    @Test
    void shouldReportAnOutOfMemoryErrorAsOneLine() {
        for (Throwable thrown : new Throwable[] {new OutOfMemoryError("Java heap space"),
                new IllegalStateException("worker failed", new ExecutionException(new OutOfMemoryError("Java heap space")))}) {
            StringWriter text = new StringWriter();
            assertEquals(Main.EXIT_USER_ERROR, Main.report(thrown, new PrintWriter(text, true)));
            String err = text.toString();
            assertTrue(err.startsWith("error: [" + CliErrors.OUT_OF_MEMORY + "] ") && err.contains("maxHeap=")
                    && err.contains("-Xmx") && err.strip().lines().count() == 1, err);
        }
        // an error the command already named keeps its code, whatever its reason
        StringWriter text = new StringWriter();
        Main.report(new LoihiException(CliErrors.RUN_WORKERS, "named", new OutOfMemoryError()), new PrintWriter(text, true));
        assertTrue(text.toString().startsWith("error: [" + CliErrors.RUN_WORKERS + "] named"), text.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "compile", "serve", "config"})
    void shouldPrintTheVersionFromEveryCommand(String command) {
        CliRun run = CliRun.of(command, "--version").assertOk();
        assertTrue(run.out().startsWith("loihi ") && run.out().contains("image format"), run.out());
    }

    /** The command list of loihi --help shows a command's first description line: it must be a whole sentence. */
    @Test
    void shouldDescribeEveryCommandInWholeSentences() {
        new CommandLine(new Main()).getSubcommands().forEach((name, c) -> {
            String first = c.getCommandSpec().usageMessage().description()[0];
            assertTrue(first.endsWith("."), name + ": " + first);
        });
        String list = CliRun.of("--help").assertOk().out();
        assertTrue(list.contains("read its class"), list);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "evaluate"})
    void shouldNameEveryKindOfTargetInTheHelp(String command) {
        String help = CliRun.of(command, "--help").assertOk().out();
        for (String target : new String[] {"tcp://HOST:PORT", "tls://HOST:PORT", "native:LIBRARY"}) {
            assertTrue(help.contains(target), target + " in\n" + help);
        }
    }

    @Test
    void shouldPrintUsageWithoutACommand() {
        CliRun run = CliRun.of().assertOk();
        assertTrue(run.out().contains("compile") && run.out().contains("emulate"), run.out());
    }
}
