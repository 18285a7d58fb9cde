package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.image.ImageReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CompileCommandTest {
    @TempDir
    Path dir;

    static List<String> kerasModels() {
        return TestData.kerasModels();
    }

    private CliRun compile(String model, Path image) {
        return CliRun.of("compile", TestData.kerasJson(model), "--weights", TestData.kerasWeights(model), "-o", image);
    }

    @ParameterizedTest
    @MethodSource("kerasModels")
    void shouldCompileEveryKerasFixtureAndPrintItsSummary(String model) throws IOException {
        Path image = dir.resolve(model + ".img");
        CliRun run = compile(model, image).assertOk();
        assertTrue(Files.size(image) > 0, "image written");
        assertTrue(run.out().contains("cores on") && run.out().contains("image: " + image), run.out());
        assertTrue(run.err().isEmpty(), run.err());
    }

    @Test
    void shouldCompileANativeNetwork() throws IOException {
        Path model = Files.writeString(dir.resolve("pair.net"),
                "input in 2\nensemble hidden 2 type=lif bias=0.1\nensemble out 2 type=readout\n"
                        + "connect in hidden weights=0.8\nconnect hidden out weights=identity\noutput out\n");
        Path image = dir.resolve("pair.img");
        CliRun.of("compile", model, "-o", image).assertOk();
        String out = CliRun.of("inspect", image).assertOk().out();
        assertTrue(out.contains("hidden") && out.contains("out"), out);
    }

    @Test
    void shouldWriteByteIdenticalImagesWhenCompiledTwice() throws IOException {
        Path first = dir.resolve("first.img");
        Path second = dir.resolve("second.img");
        compile(TestData.KERAS_3LAYER, first).assertOk();
        compile(TestData.KERAS_3LAYER, second).assertOk();
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    /** The search runs the emulator, which is bit-exact: the same data gives the same choice and bytes. */
    @Test
    void shouldChooseTheSameCalibrationAndBytesWhenSearchedTwice() throws IOException {
        Path x = TestData.standardNormal(dir.resolve("cal.npy"), 300, TestData.KERAS_FEATURES, 5);
        Path first = dir.resolve("first.img");
        Path second = dir.resolve("second.img");
        String model = TestData.KERAS_3LAYER;
        CliRun a = CliRun.of("compile", TestData.kerasJson(model), "--weights", TestData.kerasWeights(model),
                "--calibrate", x, "-o", first).assertOk();
        CliRun.of("compile", TestData.kerasJson(model), "--weights", TestData.kerasWeights(model), "--calibrate", x,
                "-o", second).assertOk();
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        assertTrue(a.out().contains("calibration: search, percentile"), a.out());
        assertTrue(a.out().contains("  * percentile"), a.out());
        assertTrue(a.out().contains("fc1_relu: scale") && a.out().contains("lost"), a.out());
        String forced = CliRun.of("compile", TestData.kerasJson(model), "--weights", TestData.kerasWeights(model),
                "--calibrate", x, "--percentile", "99.5", "-o", dir.resolve("forced.img")).assertOk().out();
        assertTrue(forced.contains("calibration: forced, percentile 99.5"), forced);
    }

    @Test
    void shouldWriteTheJsonReportItsSummaryPointsTo() throws IOException {
        Path report = dir.resolve("report.json");
        CliRun run = CliRun.of("compile", TestData.kerasJson(TestData.KERAS_DEEP), "--weights",
                TestData.kerasWeights(TestData.KERAS_DEEP), "-o", dir.resolve("deep.img"), "--report", report).assertOk();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        int warnings = json.get("warnings").size();
        assertTrue(warnings > 10, json.get("warnings").toString());
        assertTrue(run.out().contains("  ... " + (warnings - 10) + " more in the JSON report"), run.out());
        assertTrue(run.out().contains("report: " + report), run.out());
        assertTrue(json.get("layers").size() > 0 && json.get("cores").size() > 0, json.toString());
        TestData.assertSnakeCaseKeys(json);
    }

    @Test
    void shouldListEveryWarningWithoutAJsonReport() {
        CliRun run = CliRun.of("compile", TestData.kerasJson(TestData.KERAS_DEEP), "--weights",
                TestData.kerasWeights(TestData.KERAS_DEEP), "-o", dir.resolve("deep.img")).assertOk();
        assertFalse(run.out().contains("more in the JSON report"), run.out());
        int listed = (int) run.out().lines().filter(l -> l.startsWith("  [")).count();
        assertTrue(listed > 10 && run.out().contains("warnings (" + listed + "):"), run.out());
    }

    /** compile sizes integrators for run's 200 steps; a longer presentation is refused, and --max-steps 0 lifts the bound. */
    @Test
    void shouldBoundAnImageToThePresentationsItWasCompiledFor() throws IOException {
        String model = TestData.KERAS_3LAYER;
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 3, TestData.KERAS_FEATURES, 3);
        Path bounded = dir.resolve("bounded.img");
        compile(model, bounded).assertOk();
        assertEquals(200, encoding(bounded).get("maxSteps").asInt());
        String shown = CliRun.of("inspect", bounded).assertOk().out();
        assertTrue(shown.contains("presentations: at most 200 steps"), shown);
        CliRun longer = CliRun.of("run", bounded, "--input", x, "--steps-per-input", 201).assertUserError("RUN_STEPS");
        assertTrue(longer.err().contains("steps=201, maxSteps=200") && longer.err().contains("--max-steps 201"),
                longer.err());
        CliRun.of("run", bounded, "--input", x, "--steps-per-input", 200, "--results", dir.resolve("r.json")).assertOk();
        CliRun.of("run", bounded, "--input", x, "--max-steps", 300).assertUserError("CONVERT_BAD_OPTION");

        Path any = dir.resolve("any.img");
        CliRun.of("compile", TestData.kerasJson(model), "--weights", TestData.kerasWeights(model), "--max-steps", 0,
                "-o", any).assertOk();
        assertFalse(encoding(any).has("maxSteps"));
        assertTrue(CliRun.of("inspect", any).assertOk().out().contains("presentations: any length"));
        Path longest = dir.resolve("longest.img");
        CliRun.of("compile", TestData.kerasJson(model), "--weights", TestData.kerasWeights(model), "--max-steps", 1000,
                "-o", longest).assertOk();
        assertEquals(1000, encoding(longest).get("maxSteps").asInt());
        CliRun shorter = CliRun.of("compile", TestData.kerasJson(model), "--weights", TestData.kerasWeights(model),
                "--max-steps", 150, "-o", dir.resolve("short.img")).assertUserError("OPTIONS_INVALID");
        assertTrue(shorter.err().contains("key=max-steps, value=150"), shorter.err());
        assertFalse(Files.exists(dir.resolve("short.img")));
        // refused before anything compiles: a bound below the presentation asked for, a bound on a native network
        CliRun early = CliRun.of("run", TestData.kerasJson(model), "--weights", TestData.kerasWeights(model), "--input", x,
                "--max-steps", 300, "--steps-per-input", 400).assertUserError("RUN_STEPS");
        assertTrue(early.err().contains("steps=400, maxSteps=300"), early.err());
        Path net = Files.writeString(dir.resolve("pair.net"), "input in 2\nensemble hidden 2 type=lif bias=0.1\n"
                + "ensemble out 2 type=readout\nconnect in hidden weights=0.8\nconnect hidden out weights=identity\noutput out\n");
        CliRun nativeBound = CliRun.of("compile", net, "--max-steps", 300, "-o", dir.resolve("pair.img"))
                .assertUserError("CONVERT_BAD_OPTION");
        assertTrue(nativeBound.err().contains("key=max-steps"), nativeBound.err());
    }

    /**
     * --worst-case keeps every integrator sized for any input: the search sizes none from its
     * peaks, and the image records no headroom. It applies to converted Keras models only.
     */
    @Test
    void shouldKeepTheWorstCaseWhenAsked() throws IOException {
        String model = TestData.KERAS_3LAYER;
        Path x = TestData.standardNormal(dir.resolve("cal.npy"), 120, TestData.KERAS_FEATURES, 5);
        Path image = dir.resolve("worst.img");
        CliRun run = CliRun.of("compile", TestData.kerasJson(model), "--weights", TestData.kerasWeights(model),
                "--calibrate", x, "--worst-case", "-o", image).assertOk();
        assertTrue(run.out().contains("calibration: search") && !run.out().contains("u sized"), run.out());
        assertFalse(new ObjectMapper().readTree(ImageReader.read(image).metadata()).get("conversion").has("headroom"));
        CliRun again = CliRun.of("run", image, "--input", x, "--worst-case").assertUserError("CONVERT_BAD_OPTION");
        assertTrue(again.err().contains("key=worst-case"), again.err());
        Path net = Files.writeString(dir.resolve("pair.net"), "input in 2\nensemble hidden 2 type=lif bias=0.1\n"
                + "ensemble out 2 type=readout\nconnect in hidden weights=0.8\nconnect hidden out weights=identity\noutput out\n");
        CliRun.of("compile", net, "--worst-case", "-o", dir.resolve("pair.img")).assertUserError("CONVERT_BAD_OPTION");
    }

    private static JsonNode encoding(Path image) throws IOException {
        return new ObjectMapper().readTree(ImageReader.read(image).metadata()).get("encoding");
    }

    @Test
    void shouldNotLeaveAnImageBehindWhenCompileFails() {
        Path image = dir.resolve("never.img");
        CliRun.of("compile", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasJson(TestData.KERAS_3LAYER), "-o", image).assertUserError("KERAS_BAD_FILE");
        assertFalse(Files.exists(image));
    }
}
