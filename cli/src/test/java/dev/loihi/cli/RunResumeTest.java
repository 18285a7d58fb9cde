package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loihi run --resume}: the board server is killed while a run goes, restarted on the
 * same port, and the run resumed from its journal must write the same R.json as a run that was
 * never interrupted (all but its wall-clock timings), and must refuse a journal of another run.
 */
class RunResumeTest {
    private static final int INPUTS = 240;
    private static final int STEPS_PER_INPUT = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<Object> run(Path x, int port, Path results, Object... more) {
        List<Object> args = new ArrayList<>(List.of("run", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", x, "--steps-per-input", STEPS_PER_INPUT,
                "--no-progress", "--target", "tcp://127.0.0.1:" + port, "--results", results,
                "--set", "link.io_timeout_ms=2000"));
        args.addAll(List.of(more));
        return args;
    }

    /**
     * With two workers (two connections) inputs complete and are journalled out of order, and both
     * workers fail when the board dies: the error still counts exactly what the journal holds, and
     * the resumed run skips exactly those inputs.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void shouldResumeAfterTheBoardDiedAndMatchAnUninterruptedRun(int workers) throws Exception {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), INPUTS, TestData.KERAS_FEATURES, 21);
        Path whole = dir.resolve("whole.json");
        Path resumed = dir.resolve("resumed.json");
        Path journal = dir.resolve("resumed.json.journal");
        EmulatorServer first = EmulatorServer.start(ServerOptions.loopback(0));
        int port = first.port();
        AtomicBoolean killed = new AtomicBoolean();
        try {
            CliRun.of(run(x, port, whole, "--workers", 1)).assertOk();
            assertFalse(Files.exists(dir.resolve("whole.json.journal")), "a finished run leaves no journal");

            CompletableFuture<CliRun> cut = CompletableFuture.supplyAsync(() -> CliRun.of(run(x, port, resumed, "--workers", workers)));
            int linesAtKill = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                while (lines(journal) < 6 && !cut.isDone()) {
                    Thread.sleep(1);
                }
                int n = lines(journal);
                first.close();
                killed.set(true);
                return n;
            });
            CliRun failed = cut.get().assertUserError("LINK_DISCONNECTED");
            assertTrue(linesAtKill < INPUTS, "the run ended before the board was killed");
            Matcher m = Pattern.compile(", input=(\\d+), inputsDone=(\\d+), journal=\\S+resumed\\.json\\.journal"
                    + " \\(continue with --resume\\)\\s*$").matcher(failed.err());
            assertTrue(m.find(), failed.err());
            assertFalse(Files.exists(resumed));
            int done = lines(journal) - 1;
            assertEquals(done, Integer.parseInt(m.group(2)), "inputsDone is what the journal holds");
            if (workers == 1) {
                assertEquals(m.group(1), m.group(2), "one worker runs in order: every input before the failed one is done");
            }
            System.out.println("interrupted after " + done + " of " + INPUTS + " inputs: " + failed.err().strip());
            assertTrue(done >= 5 && done < INPUTS, "inputs in the journal: " + done);

            CliRun other = CliRun.of(run(x, port, resumed, "--resume", "--set", "hardware.snip_max_spikes_per_step=7"))
                    .assertUserError("RUN_RESUME");
            assertTrue(other.err().contains("key=snip_max_spikes_per_step"), other.err());
            try (EmulatorServer second = EmulatorServer.start(ServerOptions.loopback(port))) {
                CliRun.of(run(x, port, resumed, "--resume", "--workers", workers)).assertOk();
            }
            assertFalse(Files.exists(journal), "a finished run leaves no journal");
            assertEquals(withoutTimings(whole), withoutTimings(resumed));
            // steps/s counts only what this run presented: the journal's inputs took no time now
            JsonNode stats = JSON.readTree(resumed.toFile()).get("stats");
            assertEquals((long) (INPUTS - done) * STEPS_PER_INPUT, stats.get("steps_run").asLong());
            assertEquals((long) INPUTS * STEPS_PER_INPUT, stats.get("steps").asLong());
        } finally {
            if (!killed.get()) {
                first.close();
            }
        }
    }

    @Test
    void shouldRefuseResumeWithoutAJournal() throws IOException {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 2, TestData.KERAS_FEATURES, 22);
        CliRun.of(run(x, 1, dir.resolve("none.json"), "--resume")).assertUserError("RUN_RESUME");
    }

    /** R.json as text, less the wall-clock figures that no two runs share and the worker count. */
    private static String withoutTimings(Path results) throws IOException {
        ObjectNode r = (ObjectNode) JSON.readTree(results.toFile());
        ObjectNode stats = (ObjectNode) r.get("stats");
        stats.remove(List.of("seconds", "steps_per_s", "steps_run", "workers"));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r);
    }

    private static int lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(file);
        int n = 0;
        for (byte c : b) {
            if (c == '\n') {
                n++;
            }
        }
        return n;
    }
}
