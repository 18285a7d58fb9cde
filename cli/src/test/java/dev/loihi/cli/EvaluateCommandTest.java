package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteOneCurveRowPerStepCount() throws Exception {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 10, TestData.KERAS_FEATURES, 21);
        Path y = TestData.labels(dir.resolve("y.npy"), 10, 5, 22);
        Path results = dir.resolve("curve.json");
        CliRun run = CliRun.of("evaluate", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", x, "--labels", y, "--steps", "20,40",
                "--results", results, "--plots", dir.resolve("plots"), "--no-progress").assertOk();
        JsonNode curve = new ObjectMapper().readTree(results.toFile()).get("curve");
        assertEquals(2, curve.size());
        assertEquals(20, curve.get(0).get("steps_per_input").asInt());
        assertEquals(40, curve.get(1).get("steps_per_input").asInt());
        for (JsonNode row : curve) {
            double accuracy = row.get("accuracy").asDouble();
            double agreement = row.get("float_agreement").asDouble();
            assertTrue(accuracy >= 0 && accuracy <= 1 && agreement >= 0 && agreement <= 1, row.toString());
        }
        assertTrue(Files.size(dir.resolve("plots").resolve("accuracy_vs_steps.png")) > 0);
        assertTrue(run.out().contains("float model accuracy"), run.out());
    }

    @Test
    void shouldWriteTheSameCurveWithOneOrTwoWorkers() throws Exception {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 12, TestData.KERAS_FEATURES, 25);
        Path y = TestData.labels(dir.resolve("y.npy"), 12, 5, 26);
        JsonNode[] curves = new JsonNode[2];
        for (int w = 1; w <= 2; w++) {
            Path results = dir.resolve("curve" + w + ".json");
            CliRun.of("evaluate", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                    TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", x, "--labels", y, "--steps", "20,40",
                    "--results", results, "--no-progress", "--workers", w).assertOk();
            JsonNode r = new ObjectMapper().readTree(results.toFile());
            assertEquals(w, r.get("workers").asInt());
            r.get("curve").forEach(row -> ((ObjectNode) row).remove("steps_per_s"));
            curves[w - 1] = r.get("curve");
        }
        assertEquals(curves[0], curves[1]);
    }

    @Test
    void shouldWriteNoEmptyPlotForAnImageWithoutLabels() throws Exception {
        Path image = dir.resolve("k3.img");
        CliRun.of("compile", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "-o", image).assertOk();
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 3, TestData.KERAS_FEATURES, 24);
        Path results = dir.resolve("curve.json");
        CliRun.of("evaluate", image, "--input", x, "--steps", "20,30", "--results", results,
                "--plots", dir.resolve("plots"), "--no-progress").assertOk();
        JsonNode curve = new ObjectMapper().readTree(results.toFile()).get("curve");
        assertEquals(2, curve.size());
        assertTrue(!curve.get(0).has("accuracy") && !curve.get(0).has("float_agreement"), curve.toString());
        assertTrue(Files.notExists(dir.resolve("plots").resolve("accuracy_vs_steps.png")));
    }

    @Test
    void shouldNameTheFewestStepsFromWhichAgreementStaysAtTheTarget() {
        int[] steps = {25, 50, 100, 200};
        assertEquals(100, EvaluateCommand.fewestStepsReaching(steps, new double[] {.991, .985, .990, .995}, .99));
        assertEquals(25, EvaluateCommand.fewestStepsReaching(steps, new double[] {.991, .992, .990, .995}, .99));
        assertEquals(-1, EvaluateCommand.fewestStepsReaching(steps, new double[] {.999, .999, .999, .985}, .99));
        assertEquals(50, EvaluateCommand.fewestStepsReaching(new int[] {200, 50}, new double[] {.995, .990}, .99));
    }

    @Test
    void shouldRefuseAStepCountBelowOne() throws Exception {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 2, TestData.KERAS_FEATURES, 23);
        CliRun.of("evaluate", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", x, "--steps", "20,0", "--no-progress")
                .assertUserError("RUN_STEPS");
    }

    @Test
    void shouldTakeOneStepPerInputAsRunDoes() throws Exception {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 2, TestData.KERAS_FEATURES, 23);
        for (String command : new String[] {"evaluate", "run"}) {
            CliRun.of(command, TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                    TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", x,
                    command.equals("run") ? "--steps-per-input" : "--steps", "1", "--no-progress").assertOk();
        }
    }

    @Test
    void shouldReportDroppedSpikesLikeRun() throws Exception {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 4, TestData.KERAS_FEATURES, 27);
        Path results = dir.resolve("curve.json");
        CliRun run = CliRun.of("evaluate", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", x, "--steps", "20,40", "--results", results,
                "--set", "hardware.snip_max_spikes_per_step=5", "--set", "hardware.overflow=drop", "--no-progress")
                .assertOk();
        JsonNode r = new ObjectMapper().readTree(results.toFile());
        for (JsonNode row : r.get("curve")) {
            long dropped = row.get("spikes_dropped").asLong();
            assertTrue(dropped > 0, row.toString());
            JsonNode channel = row.get("channel");
            assertEquals(5, channel.get("snip_max_spikes_per_step").asInt());
            assertEquals("drop", channel.get("overflow").asText());
            assertTrue(channel.get("over_cap_steps").asLong() > 0, row.toString());
            int steps = row.get("steps_per_input").asInt();
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith("warning: steps_per_input=" + steps + ": ")
                    && l.contains("DROPPED=" + dropped)), run.out());
        }
        assertEquals(2, r.get("diagnostics").size(), r.toString());
        TestData.assertSnakeCaseKeys(r);
    }

    @Test
    void shouldPrintNoTableBeforeALinkError() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 2, TestData.KERAS_FEATURES, 28);
        CliRun run = CliRun.of("evaluate", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", x, "--steps", "20",
                "--target", "tcp://127.0.0.1:" + port, "--no-progress");
        assertEquals(Main.EXIT_USER_ERROR, run.exit(), run.err());
        assertEquals("", run.out());
    }
}
