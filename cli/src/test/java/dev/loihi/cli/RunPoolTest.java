package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.emulator.server.LoopbackServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loihi run} on a pool of boards (several {@code --target}): emulator servers on loopback,
 * one killed while the run goes. The run finishes on the others, says which board failed and how
 * many inputs moved, and writes the R.json a one-board run writes.
 */
class RunPoolTest {
    private static final int INPUTS = 200;
    /**
     * Long enough that a pool is still running when the test kills one of its boards: at 40 steps
     * the 200 inputs took 0.13 s of stepping, and on a loaded machine the run could end first.
     */
    private static final int STEPS_PER_INPUT = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final LoopbackServers servers = new LoopbackServers();

    @AfterEach
    void closeServers() {
        servers.close();
    }

    private String server() {
        return servers.start();
    }

    private static List<Object> run(Path x, Path results, Object... more) {
        List<Object> args = new ArrayList<>(List.of("run", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", x, "--steps-per-input", STEPS_PER_INPUT,
                "--no-progress", "--results", results, "--set", "link.io_timeout_ms=5000"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void shouldFinishOnTheOtherBoardsWhenOneIsKilledAndWriteWhatOneBoardWrites() throws Exception {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), INPUTS, TestData.KERAS_FEATURES, 31);
        Path one = dir.resolve("one.json");
        Path pooled = dir.resolve("pooled.json");
        Path journal = dir.resolve("pooled.json.journal");
        CliRun.of(run(x, one, "--target", server())).assertOk();
        String a = server();
        String b = server();
        String c = server();
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.of(run(x, pooled,
                "--target", a, "--target", b, "--target", c, "--workers", 2)));
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            while (lines(journal) < 10 && !running.isDone()) {
                Thread.sleep(1);
            }
            servers.kill(b);
        });
        CliRun done = running.get().assertOk();
        Matcher m = Pattern.compile("(?m)^note: board failed, its inputs moved to the other boards: board="
                + Pattern.quote(b) + ", inputs_moved=([12]), error=\\[LINK_DISCONNECTED] ").matcher(done.out());
        assertTrue(m.find(), done.out());
        assertFalse(Files.exists(journal), "a finished run leaves no journal");
        assertEquals(comparable(one), comparable(pooled));
        JsonNode stats = JSON.readTree(pooled.toFile()).get("stats");
        assertEquals(b, stats.get("board_failures").get(0).get("board").asText());
        assertEquals((long) INPUTS * STEPS_PER_INPUT, stats.get("steps_run").asLong(), "no input counted twice");
        assertEquals(a + ", " + b + ", " + c, JSON.readTree(pooled.toFile()).get("target").asText());
    }

    @Test
    void shouldFailOnOneLineWhenEveryBoardOfThePoolFails() throws Exception {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), INPUTS, TestData.KERAS_FEATURES, 32);
        Path results = dir.resolve("r.json");
        Path journal = dir.resolve("r.json.journal");
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.of(run(x, results,
                "--target", server(), "--target", server())));
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            while (lines(journal) < 6 && !running.isDone()) {
                Thread.sleep(1);
            }
            servers.killAll();
        });
        CliRun failed = running.get().assertUserError("POOL_FAILED");
        assertTrue(failed.err().contains("inputsDone=" + (lines(journal) - 1) + ","), failed.err());
        assertTrue(failed.err().strip().endsWith("(continue with --resume)"), failed.err());
    }

    @Test
    void shouldRefuseAPoolWithOneBadAddressBeforeCompiling() throws IOException {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 2, TestData.KERAS_FEATURES, 33);
        CliRun bad = CliRun.of(run(x, dir.resolve("r.json"), "--target", server(), "--target", "tcp://127.0.0.1:70000"))
                .assertUserError("LINK_BAD_TARGET");
        assertTrue(bad.err().contains("port=70000"), bad.err());
        CliRun.of(run(x, dir.resolve("r.json"), "--target", "emulator", "--target", "emulator"))
                .assertUserError("TARGET_POOL");
    }

    /** R.json less what depends on the boards and the clock: timings, worker count, targets and their failures. */
    private static String comparable(Path results) throws IOException {
        ObjectNode r = (ObjectNode) JSON.readTree(results.toFile());
        r.remove("target");
        ((ObjectNode) r.get("stats")).remove(List.of("seconds", "steps_per_s", "workers", "board_failures"));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r);
    }

    private static int lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return (int) Files.readString(file).chars().filter(ch -> ch == '\n').count();
    }
}
