package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command's help ends with examples, and each one runs as written: the test runs them,
 * in a folder holding the files they name (a Keras fixture as model.json, seeded x.npy and
 * y.npy, a small NIR graph as graph.nir), as a separate {@code loihi} process started there, in
 * the order a user would (compile before inspect, export-raw before emulate).
 */
class HelpExamplesTest {
    /** Commands in the order their examples build on each other's files. */
    private static final List<String> ORDER = List.of("compile", "inspect", "export-raw", "emulate", "export-nir", "run",
            "evaluate", "config", "serve", "example");
    private static final int INPUTS = 5;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeTheFilesTheExamplesName() throws IOException {
        Files.copy(TestData.kerasJson(TestData.KERAS_3LAYER), dir.resolve("model.json"));
        Files.copy(TestData.kerasWeights(TestData.KERAS_3LAYER), dir.resolve("model_weights.h5"));
        TestData.standardNormal(dir.resolve("x.npy"), INPUTS, TestData.KERAS_FEATURES, 41);
        TestData.labels(dir.resolve("y.npy"), INPUTS, 5, 42);
        TestData.nirGraph(dir.resolve("graph.nir"));
    }

    private static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new java.util.LinkedHashMap<>(new CommandLine(new Main()).getSubcommands());
        all.remove("help");
        return all;
    }

    /**
     * The example command lines of one command's help: its footer lines that start with "loihi",
     * each with the lines it continues onto (a line that ends in a backslash, as in a shell).
     */
    private static List<List<String>> examples(CommandSpec spec) {
        List<List<String>> lines = new ArrayList<>();
        String[] footer = spec.usageMessage().footer();
        for (int i = 0; i < footer.length; i++) {
            if (footer[i].startsWith("  loihi ")) {
                StringBuilder command = new StringBuilder(footer[i]);
                while (command.toString().endsWith("\\") && i + 1 < footer.length) {
                    command.setLength(command.length() - 1);
                    command.append(footer[++i]);
                }
                List<String> words = Arrays.asList(command.toString().strip().split(" +"));
                lines.add(words.subList(1, words.size()));
            }
        }
        return lines;
    }

    /** picocli breaks a longer example line at column 80, mid-word: "--set hardware." then "overflow=drop". */
    @Test
    void shouldFitEveryExampleLineInEightyColumns() {
        for (Map.Entry<String, CommandLine> c : commands().entrySet()) {
            for (String line : c.getValue().getCommandSpec().usageMessage().footer()) {
                assertTrue(line.length() <= 80, c.getKey() + " --help: " + line.length() + " columns: " + line);
            }
        }
    }

    @Test
    void shouldGiveEveryCommandAnExample() {
        Map<String, CommandLine> commands = commands();
        assertEquals(commands.keySet(), new java.util.HashSet<>(ORDER), "the order below covers every command");
        for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
            List<List<String>> examples = examples(c.getValue().getCommandSpec());
            assertFalse(examples.isEmpty(), "no example in the help of " + c.getKey());
            String help = CliRun.of(c.getKey(), "--help").assertOk().out();
            assertTrue(help.contains("Examples:") && help.contains("  loihi " + c.getKey() + " "), help);
        }
    }

    @Test
    void shouldRunEveryExampleAsWritten() throws Exception {
        Map<String, CommandLine> commands = commands();
        for (String name : ORDER) {
            for (List<String> args : examples(commands.get(name).getCommandSpec())) {
                if (name.equals("serve")) {
                    assertServes(args);
                } else {
                    Result r = loihi(args);
                    assertEquals(0, r.exit(), () -> "loihi " + String.join(" ", args) + "\nout:\n" + r.out() + "\nerr:\n"
                            + r.err());
                }
            }
        }
        assertTrue(Files.size(dir.resolve("model.img")) > 0);
        assertTrue(Files.size(dir.resolve("trace.json")) > 0);
        assertTrue(Files.size(dir.resolve("R.json")) > 0);
        assertTrue(Files.size(dir.resolve("report.json")) > 0);
    }

    /** Placeholders name what a user types (STEPS, N, FILE), not the Java field behind the option. */
    @Test
    void shouldNameEveryOptionValueInWordsUsersKnow() {
        for (Map.Entry<String, CommandLine> c : commands().entrySet()) {
            for (OptionSpec o : c.getValue().getCommandSpec().options()) {
                if (o.arity().max() > 0) {
                    assertFalse(o.paramLabel().startsWith("<"), c.getKey() + " " + o.longestName() + ": " + o.paramLabel());
                }
            }
        }
    }

    private record Result(int exit, String out, String err) {}

    private static ProcessBuilder process(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    private static Result loihi(List<String> args) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = process(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: loihi " + String.join(" ", args));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** serve runs until stopped: it must say where it serves, then it is stopped. */
    private static void assertServes(List<String> args) throws Exception {
        Process p = process(args).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = r.readLine();
            assertTrue(first != null && first.startsWith("serving the emulator on tcp://127.0.0.1:"),
                    "loihi " + String.join(" ", args) + ": " + first);
            int mailbox = args.indexOf("--mailbox");
            if (mailbox >= 0) {
                // the line NATIVE_DRIVER.md shows
                String path = dir.resolve(args.get(mailbox + 1)).toString();
                assertTrue(first.endsWith(" and native mailbox " + path + " (target native:builtin?mailbox=" + path + ")"),
                        first);
            }
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
