package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerLimits;
import dev.loihi.emulator.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code loihi run} on the three-layer jet tagger: one baseline run with labels, results and
 * plots, then the same run over other targets and channel settings, which must not change a
 * single prediction (the chip is deterministic and the channel only moves spikes, never loses
 * them under split).
 */
class RunCommandTest {
    private static final int INPUTS = 20;
    private static final int STEPS_PER_INPUT = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path x;
    private static Path labels;
    private static CliRun baselineRun;
    private static JsonNode baseline;

    @BeforeAll
    static void runBaseline() throws IOException {
        x = TestData.standardNormal(dir.resolve("x.npy"), INPUTS, TestData.KERAS_FEATURES, 11);
        labels = TestData.labels(dir.resolve("y.npy"), INPUTS, 5, 12);
        Path results = dir.resolve("baseline.json");
        baselineRun = run(List.of("--labels", labels, "--results", results, "--plots", dir.resolve("plots"))).assertOk();
        baseline = JSON.readTree(results.toFile());
    }

    private static CliRun run(List<Object> more) {
        List<Object> args = new ArrayList<>(List.of("run", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", x, "--steps-per-input", STEPS_PER_INPUT,
                "--no-progress"));
        args.addAll(more);
        return CliRun.of(args);
    }

    /** The results JSON of a run like the baseline with extra arguments. */
    private static JsonNode results(String name, Object... more) throws IOException {
        Path file = dir.resolve(name + ".json");
        List<Object> args = new ArrayList<>(List.of((Object[]) more));
        args.addAll(List.of("--results", file));
        run(args).assertOk();
        return JSON.readTree(file.toFile());
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }

    /** A feature far outside the calibration range: today's silent loss of half the agreement, now named. */
    @Test
    void shouldNameTheFeatureTheInputEncoderClips() throws IOException {
        double[][] rows = NpyReader.read(x).toMatrix();
        for (double[] row : rows) {
            row[3] = 50.0;
        }
        Path shifted = dir.resolve("x_col3_at_50.npy");
        NpyWriter.write(shifted, rows);
        Path file = dir.resolve("clipped.json");
        CliRun r = CliRun.of("run", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", shifted, "--calibrate", x,
                "--steps-per-input", STEPS_PER_INPUT, "--no-progress", "--results", file).assertOk();
        assertTrue(r.out().contains("warning: inputs clipped by the encoder"), r.out());
        assertTrue(r.out().contains("feature=3, clipped=100.00%"), r.out());
        // the float model's activations on these inputs are far above the layers' scales: named, with the fraction
        assertTrue(r.out().matches("(?s).*warning: layer clips values above its max rate: layer=fc1_relu, clipped=\\d+\\.\\d\\d%.*"),
                r.out());
        JsonNode losses = JSON.readTree(file.toFile()).get("losses");
        assertEquals(3, losses.get("input").get("worst_feature").asInt());
        assertEquals(1.0, losses.get("input").get("worst_feature_clipped_fraction").asDouble());
        assertEquals("run inputs", losses.get("measured_on").asText());
    }

    @Test
    void shouldCarryTheCalibrationAndEachLayersLossesInTheResults() {
        assertEquals("search", baseline.get("conversion").get("method").asText());
        assertTrue(baseline.get("conversion").get("candidates").size() >= 3);
        for (JsonNode layer : baseline.get("layers")) {
            assertTrue(layer.has("clipped_fraction") && layer.has("lost_fraction") && layer.has("weight_rms_error")
                    && layer.has("saturated_fraction"), layer.toString());
        }
        assertEquals(3, baseline.get("losses").get("layers").size());
    }

    @Test
    void shouldWritePredictionsForEveryInput() {
        assertEquals(INPUTS, baseline.get("predictions").size());
        assertEquals(INPUTS, baseline.get("float_predictions").size());
        for (JsonNode p : baseline.get("predictions")) {
            assertTrue(p.asInt() >= 0 && p.asInt() < 5, "a class of the 5-way readout: " + p);
        }
    }

    @Test
    void shouldWriteTheClassScoresEachPredictionWasReadFrom() {
        JsonNode scores = baseline.get("scores");
        assertEquals(INPUTS, scores.size());
        for (int i = 0; i < INPUTS; i++) {
            JsonNode row = scores.get(i);
            assertEquals(5, row.size(), row.toString());
            int best = 0;
            for (int c = 1; c < row.size(); c++) {
                best = row.get(c).asDouble() > row.get(best).asDouble() ? c : best;
            }
            assertEquals(baseline.get("predictions").get(i).asInt(), best, row.toString());
        }
    }

    /**
     * Replicas given: the calibration search may take one copy per unit (the cheapest copies
     * within noise of the best), as it does on these inputs, and a layer would then have no
     * copies to explain.
     */
    @Test
    void shouldSayWhyALayerHasMoreNeuronsThanUnits() throws IOException {
        Path results = dir.resolve("replicas.json");
        CliRun replicated = run(List.of("--replicas", 3, "--results", results)).assertOk();
        JsonNode layers = JSON.readTree(results.toFile()).get("layers");
        for (JsonNode l : layers) {
            int units = l.get("units").asInt();
            int copies = l.get("copies").asInt();
            assertEquals(l.get("neurons").asInt(), units * copies, l.toString());
            if (copies > 1) {
                assertTrue(replicated.out().lines().anyMatch(line -> line.startsWith("layer " + l.get("name").asText())
                        && line.contains(" of " + units * copies + " (" + units + " units x " + copies + " copies)")),
                        replicated.out());
            }
        }
        assertTrue(layers.findValues("copies").stream().anyMatch(c -> c.asInt() > 1),
                "three replicas copy hidden neurons: " + layers);
    }

    @Test
    void shouldGiveTheReadoutALineAndNoEmptySpikeCount() {
        JsonNode ro = baseline.get("readout");
        assertEquals("output_softmax", ro.get("name").asText());
        assertEquals(5, ro.get("classes").asInt());
        assertTrue(ro.get("mean_margin").asDouble() > 0, "the winner stands above the runner-up on average: " + ro);
        assertTrue(Double.isFinite(ro.get("mean_top_score").asDouble()), ro.toString());
        assertTrue(baselineRun.out().contains("readout output_softmax 5 classes read from its voltage"), baselineRun.out());
        assertEquals(0, baseline.get("stats").get("spikes_out").asLong());
        assertFalse(baselineRun.out().contains(", out 0"), baselineRun.out());
    }

    /** Under split nothing is lost, so a channel over its cap is a note, not a warning (issue 16, point 5). */
    @Test
    void shouldNoteAChannelSplitAndWarnOnlyOfDroppedSpikes() throws IOException {
        Path file = dir.resolve("split5.json");
        CliRun split = run(List.of("--set", "hardware.snip_max_spikes_per_step=5", "--results", file)).assertOk();
        JsonNode r = JSON.readTree(file.toFile());
        assertTrue(split.out().lines().anyMatch(l -> l.startsWith("note: spike channel over its cap, split into extra"
                + " packets, nothing lost: ")), split.out());
        assertFalse(split.out().contains("warning: spike channel"), split.out());
        assertEquals(1, r.get("notes").size(), r.toString());
        CliRun drop = run(List.of("--set", "hardware.snip_max_spikes_per_step=5", "--set", "hardware.overflow=drop"))
                .assertOk();
        assertTrue(drop.out().lines().anyMatch(l -> l.startsWith("warning: spike channel over its cap: ")
                && l.contains(", DROPPED=")), drop.out());
        assertFalse(drop.out().contains("note: spike channel"), drop.out());
    }

    @Test
    void shouldWriteOnlySnakeCaseKeys() {
        TestData.assertSnakeCaseKeys(baseline);
    }

    @Test
    void shouldReportAgreementAndAccuracyOfThePredictions() {
        int[] chip = ints(baseline.get("predictions"));
        int[] floats = ints(baseline.get("float_predictions"));
        int[] y = NpyReader.read(labels).toIntVector();
        int agree = 0;
        int correct = 0;
        for (int i = 0; i < INPUTS; i++) {
            agree += chip[i] == floats[i] ? 1 : 0;
            correct += chip[i] == y[i] ? 1 : 0;
        }
        assertEquals((double) agree / INPUTS, baseline.get("float_agreement").asDouble(), 1e-12);
        assertEquals((double) correct / INPUTS, baseline.get("accuracy").asDouble(), 1e-12);
        assertTrue(baselineRun.out().contains("accuracy: "), baselineRun.out());
    }

    @Test
    void shouldReportStepsSpikesAndChannelStats() {
        JsonNode stats = baseline.get("stats");
        assertEquals((long) INPUTS * STEPS_PER_INPUT, stats.get("steps").asLong());
        assertTrue(stats.get("spikes_in").asLong() > 0, stats.toString());
        assertTrue(stats.get("spikes_out").isIntegralNumber(), stats.toString());
        assertTrue(stats.get("steps_per_s").asDouble() > 0, stats.toString());
        JsonNode channel = stats.get("channel");
        assertEquals(50, channel.get("snip_max_spikes_per_step").asInt(), "built-in default cap");
        assertEquals("split", channel.get("overflow").asText());
        assertTrue(channel.get("max_spikes_per_step").asInt() > 0, channel.toString());
        // the in-process emulator says how it added: native where the kernel loaded, else scalar
        // (this JVM has no jdk.incubator.vector)
        String adds = dev.loihi.emulator.Emulator.denseAdds();
        assertTrue(adds.equals("native") || adds.equals("scalar"), adds);
        assertEquals(adds, stats.get("emulator_adds").asText(), stats.toString());
        assertTrue(baselineRun.out().contains(" worker, " + adds + " adds)")
                || baselineRun.out().contains(" workers, " + adds + " adds)"), baselineRun.out());
    }

    @Test
    void shouldWarnAboutWeightPrecisionOnlyOverTheLimit() throws IOException {
        for (JsonNode d : baseline.get("diagnostics")) {
            assertTrue(!d.asText().startsWith("weights lost precision"), "default 2% limit: " + d.asText());
        }
        JsonNode strict = results("strict", "--max-weight-error", "0");
        List<String> warned = new ArrayList<>();
        strict.get("diagnostics").forEach(d -> {
            if (d.asText().startsWith("weights lost precision: layer=")) {
                warned.add(d.asText().substring("weights lost precision: layer=".length()).split(",")[0]);
            }
        });
        assertTrue(warned.containsAll(List.of("fc1_relu", "fc2_relu", "fc3_relu")), warned.toString());
    }

    @Test
    void shouldReportActivityOfTheModelsHiddenLayersOnly() {
        // Not the readout (it does not spike) and not a compiler-made source that fires every step.
        List<String> names = new ArrayList<>();
        baseline.get("layers").forEach(l -> names.add(l.get("name").asText()));
        assertEquals(List.of("fc1_relu", "fc2_relu", "fc3_relu"), names);
        // saturation is reported per input now, so a model's own neurons may saturate; the bias block never
        for (JsonNode d : baseline.get("diagnostics")) {
            assertTrue(!d.asText().contains("layer=bias"), d.asText());
        }
    }

    @Test
    void shouldWriteRasterRateCoreMapAndActivationPlots() throws IOException {
        Path plots = dir.resolve("plots");
        for (String layer : new String[] {"fc1_relu", "fc2_relu", "fc3_relu"}) {
            assertPng(plots.resolve("raster_" + layer + ".png"));
            assertPng(plots.resolve("rates_" + layer + ".png"));
        }
        assertPng(plots.resolve("core_map.png"));
        assertPng(plots.resolve("activation_vs_rate.png"));
    }

    private static void assertPng(Path file) throws IOException {
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(file)) {
            assertEquals(8, in.read(head));
        }
        assertEquals("\u0089PNG", new String(head, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1), file.toString());
    }

    @Test
    void shouldGiveIdenticalPredictionsOverTcp() throws IOException {
        try (EmulatorServer server = EmulatorServer.start(ServerOptions.loopback(0))) {
            JsonNode tcp = results("tcp", "--target", "tcp://127.0.0.1:" + server.port());
            assertEquals(baseline.get("predictions"), tcp.get("predictions"));
            assertEquals(baseline.get("stats").get("spikes_in"), tcp.get("stats").get("spikes_in"));
            assertFalse(tcp.get("stats").has("emulator_adds"), "a board's adds are not this process's to report");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 50, 10_000})
    void shouldGiveIdenticalPredictionsWithoutDropsAtAnyChannelCap(int cap) throws IOException {
        JsonNode capped = results("cap" + cap, "--set", "hardware.snip_max_spikes_per_step=" + cap);
        assertEquals(baseline.get("predictions"), capped.get("predictions"));
        JsonNode stats = capped.get("stats");
        assertEquals(0, stats.get("spikes_dropped").asLong());
        assertEquals(baseline.get("stats").get("spikes_in"), stats.get("spikes_in"));
        boolean overCap = stats.get("channel").get("max_spikes_per_step").asInt() > cap;
        assertEquals(overCap, stats.get("channel").get("multi_packet_steps").asLong() > 0,
                "steps over the cap are split into extra packets: " + stats);
    }

    @Test
    void shouldFailWithSnipOverflowWhenPolicyIsFail() {
        CliRun failed = run(List.of("--set", "hardware.overflow=fail", "--set", "hardware.snip_max_spikes_per_step=1",
                "--workers", 2)).assertUserError("SNIP_OVERFLOW");
        // Both workers fail on their first input; the lowest is the one named.
        assertTrue(failed.err().strip().endsWith(", input=0, inputsDone=0"), failed.err());
    }

    /**
     * R.json less what depends on the worker count and where the chip ran: the wall-clock
     * figures, the count itself and the in-process emulator's adds.
     */
    private static JsonNode withoutTimings(JsonNode results) {
        ObjectNode r = results.deepCopy();
        ObjectNode stats = (ObjectNode) r.get("stats");
        stats.remove(List.of("seconds", "steps_per_s", "workers", "emulator_adds"));
        return r;
    }

    @Test
    void shouldWriteTheSameResultsWithOneOrTwoWorkers() throws IOException {
        JsonNode one = results("workers1", "--workers", 1);
        JsonNode two = results("workers2", "--workers", 2);
        assertEquals(1, one.get("stats").get("workers").asInt());
        assertEquals(2, two.get("stats").get("workers").asInt());
        assertEquals(withoutTimings(one), withoutTimings(two));
        assertEquals(baseline.get("predictions"), two.get("predictions"));
        assertEquals(baseline.get("stats").get("channel"), two.get("stats").get("channel"));
    }

    @Test
    void shouldWriteTheSameResultsWithTwoWorkersOverTcp() throws IOException {
        try (EmulatorServer server = EmulatorServer.start(ServerOptions.loopback(0))) {
            JsonNode one = results("tcp1", "--target", "tcp://127.0.0.1:" + server.port());
            JsonNode two = results("tcp2", "--target", "tcp://127.0.0.1:" + server.port(), "--workers", 2);
            assertEquals(1, one.get("stats").get("workers").asInt(), "a board gets one worker unless asked");
            assertEquals(2, two.get("stats").get("workers").asInt());
            assertEquals(withoutTimings(one), withoutTimings(two));
            ObjectNode inProcess = (ObjectNode) withoutTimings(results("inprocess1", "--workers", 1));
            inProcess.set("target", two.get("target"));
            assertEquals(inProcess, withoutTimings(two), "the same chip, in process or over TCP");
        }
    }

    @Test
    void shouldNameTheWorkerABoardHasNoRoomFor() {
        ServerLimits one = new ServerLimits(1, ServerLimits.DEFAULT_MAX_CORE_BYTES, ServerLimits.DEFAULT_IDLE_TIMEOUT_MS);
        try (EmulatorServer server = EmulatorServer.start(ServerOptions.loopback(0).withLimits(one))) {
            CliRun busy = run(List.of("--target", "tcp://127.0.0.1:" + server.port(), "--workers", 2))
                    .assertUserError("LINK_BUSY");
            assertTrue(busy.err().strip().endsWith(", worker=2, workers=2"), busy.err());
        }
    }

    @Test
    void shouldPrintTheWorkerCountInTheSummary() {
        CliRun two = run(List.of("--workers", 2)).assertOk();
        // the adds this JVM's emulator uses: native where the kernel loaded, else scalar
        String adds = dev.loihi.emulator.Emulator.denseAdds();
        assertTrue(two.out().lines().anyMatch(l -> l.matches("steps: \\d+ in .* steps/s, 2 workers, " + adds
                + " adds\\); spikes in .*")), two.out());
    }

    @Test
    void shouldRefuseSeveralWorkersOnANativeDriver() {
        CliRun refused = run(List.of("--target", "native:/no/such/libloihi.so", "--workers", 2))
                .assertUserError("RUN_WORKERS");
        assertTrue(refused.err().contains("workers=2, max=1"), refused.err());
    }

    /**
     * Only input 7 overflows a cap of one spike (the others are zeros): the worker on it fails,
     * the other finishes the input in hand, and the error names input 7 and every input done,
     * all of which the journal holds for --resume.
     */
    @Test
    void shouldNameTheFailingInputAndKeepWhatTheOtherWorkersCompleted() throws IOException {
        double[][] rows = new double[12][TestData.KERAS_FEATURES];
        Arrays.fill(rows[7], 3.0);
        Path mixed = dir.resolve("one-loud.npy");
        NpyWriter.write(mixed, rows);
        Path file = dir.resolve("one-loud.json");
        CliRun failed = CliRun.of("run", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", mixed, "--calibrate", x,
                "--steps-per-input", STEPS_PER_INPUT, "--no-progress", "--workers", 2, "--results", file,
                "--set", "hardware.overflow=fail", "--set", "hardware.snip_max_spikes_per_step=1")
                .assertUserError("SNIP_OVERFLOW");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(", input=7, inputsDone=(\\d+)$")
                .matcher(failed.err().strip());
        assertTrue(m.find(), failed.err());
        int done = Integer.parseInt(m.group(1));
        assertTrue(done >= 7 && done <= 11, "inputs 0-6 were all taken before 7, and each taken is finished: " + done);
        List<String> journal = Files.readAllLines(dir.resolve("one-loud.json.journal"));
        assertEquals(done + 1, journal.size(), "header and one line per input done");
    }

    @Test
    void shouldPredictBothClassesOfASingleSigmoidOutput() throws IOException {
        String model = "KERAS_1layer";
        Path x10 = TestData.standardNormal(dir.resolve("x10.npy"), INPUTS, 10, 13);
        Path file = dir.resolve("binary.json");
        CliRun.of("run", TestData.kerasJson(model), "--weights", TestData.kerasWeights(model), "--input", x10,
                "--steps-per-input", STEPS_PER_INPUT, "--no-progress", "--results", file).assertOk();
        JsonNode r = JSON.readTree(file.toFile());
        int[] chip = ints(r.get("predictions"));
        int[] floats = ints(r.get("float_predictions"));
        assertEquals(Set.of(0, 1), IntStream.of(chip).boxed().collect(Collectors.toSet()), r.toString());
        assertEquals(Set.of(0, 1), IntStream.of(floats).boxed().collect(Collectors.toSet()), r.toString());
        assertTrue(r.get("float_agreement").asDouble() >= 0.8, r.toString());
    }

    @Test
    void shouldRefuseLabelThatIsNotAClassOfTheModel() {
        long[] oneBased = new long[INPUTS];
        Arrays.fill(oneBased, 5);
        Path y = dir.resolve("one-based.npy");
        NpyWriter.write(y, oneBased);
        run(List.of("--labels", y)).assertUserError("LABELS_RANGE");
    }

    @Test
    void shouldRefuseResultsFileThatCannotBeWritten() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "");
        run(List.of("--results", notAFolder.resolve("r.json"))).assertUserError("RESULTS_WRITE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "evaluate", "compile"})
    void shouldNameTheInputFileOfTheWrongWidthWithAKerasModel(String command) throws IOException {
        Path x15 = TestData.standardNormal(dir.resolve("x15.npy"), 3, TestData.KERAS_FEATURES - 1, 13);
        List<Object> args = new ArrayList<>(List.of(command, TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER)));
        args.addAll(command.equals("compile") ? List.of("--calibrate", x15, "-o", dir.resolve("x15.img"))
                : List.of("--input", x15, "--no-progress"));
        CliRun failed = CliRun.of(args).assertUserError("INPUT_SHAPE");
        assertTrue(failed.err().contains("file=" + x15 + ", row=0, width=15, expected=16"), failed.err());
    }

    @Test
    void shouldNameTheInputFileOfTheWrongWidthWithANativeNetwork() throws IOException {
        // a native network takes spikes on its own axons (NativeCommandsTest); 16 columns do not fit its 2
        Path net = Files.writeString(dir.resolve("pair.net"), "input in 2\nensemble e 2 type=relu\nconnect in e weights=1\noutput e\n");
        CliRun failed = CliRun.of("run", net, "--input", x, "--no-progress").assertUserError("INPUT_SHAPE");
        assertTrue(failed.err().contains("file=" + x + ", row=0, width=16, expected=2"), failed.err());
    }

    @Test
    void shouldDiagnoseInputsThatSentNoSpikes() throws IOException {
        Path zeros = TestData.zeros(dir.resolve("zeros.npy"), 3, TestData.KERAS_FEATURES);
        Path file = dir.resolve("zeros.json");
        CliRun.of("run", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "--input", zeros, "--calibrate", x,
                "--steps-per-input", STEPS_PER_INPUT, "--no-progress", "--results", file).assertOk();
        JsonNode r = JSON.readTree(file.toFile());
        assertEquals(0, r.get("stats").get("spikes_in").asLong());
        assertTrue(Stream.of(JSON.treeToValue(r.get("diagnostics"), String[].class))
                .anyMatch(d -> d.startsWith("inputs that sent no spikes into the chip: 3 of 3")), r.get("diagnostics").toString());
    }
}
