package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.common.Fixtures;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.phase.CnnPhaseNetwork;
import dev.loihi.compiler.phase.CnnPhasePlan;
import dev.loihi.compiler.phase.FloatTwin;
import dev.loihi.compiler.phase.PhaseCompiler;
import dev.loihi.compiler.phase.PtqSettings;
import dev.loihi.image.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fixture models' PTQ twins at the best settings the chip network builds
 * (docs/CONVERSION.md, "Float models through the phase code (session 10)"), built and run on the
 * emulator: the readout equals the twin's integer plan on every test input the host accepts, and
 * the agreement with the float model is the integer simulation's. Opt-in
 * ({@code -Dloihi.ptq.study=true}; sets under {@code -Dloihi.ptq.sets}, default /tmp; the first
 * {@code -Dloihi.ptq.rows} rows of the first test set, default 200).
 */
class FloatTwinFixtureEmulatorTest {
    @ParameterizedTest
    @CsvSource({
        "keras_conv/jetTagger_Conv2D_Small_NoBatchNorm, h18_sets/jet_cal.npy, h18_sets/jet_test.npy, 6, 4, 99.9, false",
        "keras_conv/jetTagger_Conv2D_Small_NoBatchNorm, h18_sets/jet_cal.npy, h18_sets/jet_test.npy, 6, 6, 99.9, true",
        "keras_conv/KERAS_conv1d_small, h18_sets/c1_cal.npy, h18_sets/c1_test.npy, 8, 5, 99.9, true",
        "keras_conv/KERAS_conv2d_model, h18_sets/c2_cal.npy, h18_sets/c2_test.npy, 6, 6, 100, true",
        "keras/KERAS_3layer, h18m/k3_cal.npy, h18m/k3_test.npy, 6, 4, 100, false"})
    void shouldReadTheTwinsPlanOnTheEmulator(String model, String calibration, String test, int a, int w, double p,
                                             boolean biasCorrection) {
        Assumptions.assumeTrue(Boolean.getBoolean("loihi.ptq.study"), "opt-in: -Dloihi.ptq.study=true");
        Path sets = Path.of(System.getProperty("loihi.ptq.sets", "/tmp"));
        Optional<Path> json = Fixtures.find(model + ".json");
        Assumptions.assumeTrue(json.isPresent() && Files.exists(sets.resolve(calibration)), "fixture or set absent");
        AnnModel floatModel = KerasImporter.load(json.get(), Fixtures.find(model + "_weights.h5").orElseThrow());
        double[][] cal = NpyReader.read(sets.resolve(calibration)).toMatrix();
        double[][] all = NpyReader.read(sets.resolve(test)).toMatrix();
        double[][] x = Arrays.copyOf(all, Math.min(all.length, Integer.getInteger("loihi.ptq.rows", 200)));
        double scale = Arrays.stream(cal).flatMapToDouble(Arrays::stream).map(Math::abs).max().orElseThrow();
        double low = Arrays.stream(cal).flatMapToDouble(Arrays::stream).min().orElseThrow() >= 0 ? 0 : -scale;
        double step = PhaseCompiler.inputStep(scale);
        int copies = PhaseCompiler.INPUT_COPIES;
        int levels = copies * PhaseCompiler.INPUT_STEPS;
        PtqSettings settings = new PtqSettings(a, w, p, biasCorrection);
        AnnModel twin = FloatTwin.of(floatModel, cal, step, settings);
        CnnPhasePlan plan = CnnPhasePlan.of(twin, step, levels, low, scale);
        long built = System.nanoTime();
        Image image = CnnPhaseNetwork.compile(plan, floatModel.inputSize(), low, scale, PhaseCompiler.REPLICAS, copies,
                PhaseCompiler.INPUT_STEPS, floatModel.outputLayer().activation().kerasName(), CompileOptions.defaults())
                .image();
        double compileSeconds = (System.nanoTime() - built) / 1e9;
        ImageInfo info = ImageInfo.of(image);
        double[][] accepted = Arrays.stream(x).filter(row -> accepts(info, row)).toArray(double[][]::new);
        int pipeline = info.phase().pipelineSteps();
        long started = System.nanoTime();
        double[][][] readouts = new EmulatorPredictor().readouts(image, accepted, new int[] {pipeline, 200});
        double runSeconds = (System.nanoTime() - started) / 1e9;
        double[][] reference = FloatModel.predict(floatModel, accepted);
        int same = 0;
        for (int i = 0; i < accepted.length; i++) {
            double[] expected = plan.output(accepted[i]);
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], readouts[0][i][j], 0.0, model + ", input " + i + ", output " + j);
                assertEquals(expected[j], readouts[1][i][j], 0.0, model + " at 200 steps, input " + i + ", output " + j);
            }
            same += argmax(readouts[1][i]) == argmax(reference[i]) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%s %s: %d of %d rows accepted, readout = plan on all; agreement %.3f at %d and"
                + " 200 steps; image built in %.1f s, %d presentations of 200 steps in %.1f s%n", model, settings.describe(),
                accepted.length, x.length, same / (double) Math.max(1, accepted.length), pipeline, compileSeconds,
                accepted.length, runSeconds);
    }

    private static boolean accepts(ImageInfo info, double[] row) {
        try {
            info.checkWidth(row, Path.of("test.npy"), 0);
            return true;
        } catch (LoihiException e) {
            return false;
        }
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
