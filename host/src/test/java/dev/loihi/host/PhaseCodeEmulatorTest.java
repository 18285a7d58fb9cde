package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.keras.ValueQuantizer;
import dev.loihi.compiler.phase.Coding;
import dev.loihi.compiler.phase.PhaseArithmetic;
import dev.loihi.compiler.phase.PhaseCompiler;
import dev.loihi.compiler.phase.PhasePlan;
import dev.loihi.image.Image;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A phase-coded image on the bit-exact emulator computes exactly what {@link PhaseArithmetic}
 * predicts from the counts the host's encoder sends: every hidden replica's count enters the
 * readout through its integer weight, so one spike off anywhere changes the readout. Models of
 * random quantized_bits(6,0)-style weights with quantized_relu(6,0) and quantized_relu(4,1)
 * activations, seeded.
 */
class PhaseCodeEmulatorTest {
    private static final int INPUTS = 40;

    @ParameterizedTest
    @ValueSource(longs = {3, 11})
    void shouldSpikeExactlyTheCountsTheIntegerArithmeticPredicts(long seed) {
        AnnModel model = model(seed);
        CompileResult compiled = PhaseCompiler.compile(model, Coding.PHASE, 4.0, CompileOptions.defaults());
        Image image = compiled.image();
        ImageInfo info = ImageInfo.of(image);
        PhasePlan plan = PhasePlan.of(model, PhaseCompiler.inputStep(4.0), PhaseCompiler.INPUT_COPIES * PhaseCompiler.INPUT_STEPS,
                PhaseCompiler.REPLICAS);
        double[][] x = gaussian(INPUTS, model.inputSize(), seed);
        int pipeline = info.phase().pipelineSteps();
        double[][][] readouts = new EmulatorPredictor().readouts(image, x, new int[] {pipeline, 3 * pipeline});
        double unit = plan.layers().get(plan.layers().size() - 1).unit();
        for (int i = 0; i < x.length; i++) {
            long[][] layers = PhaseArithmetic.layers(plan, sentCounts(info, x[i]));
            long[] p = layers[layers.length - 1];
            for (int j = 0; j < p.length; j++) {
                assertEquals(p[j] * unit, readouts[0][i][j], 0.0, "input " + i + " output " + j);
                assertEquals(readouts[0][i][j], readouts[1][i][j], 0.0, "readout moved after the pipeline: input " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {5})
    void shouldRefuseWhatThePhaseCodeCannotRun(long seed) {
        AnnModel model = model(seed);
        ImageInfo info = ImageInfo.of(PhaseCompiler.compile(model, Coding.PHASE, 4.0, CompileOptions.defaults()).image());
        LoihiException shortRun = assertThrows(LoihiException.class,
                () -> info.checkPresentationFits(info.phase().pipelineSteps() - 1, 1));
        assertEquals(HostErrors.RUN_STEPS, shortRun.code());
        double[] huge = new double[model.inputSize()];
        java.util.Arrays.fill(huge, 1e6);
        LoihiException range = assertThrows(LoihiException.class, () -> info.checkWidth(huge, Path.of("x.npy"), 7));
        assertEquals(HostErrors.INPUT_PHASE_RANGE, range.code());
        assertTrue(range.getMessage().contains("row=7"), range.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {7})
    void shouldKeepTheRateCodeWhenRateOptionsAreGiven(long seed) {
        AnnModel model = model(seed);
        ConvertOptions replicas = ConvertOptions.defaults().withReplicas(3);
        CompileResult auto = Workload.compile(model, null, replicas, CompileOptions.defaults(), Coding.AUTO);
        assertTrue(!ImageInfo.of(auto.image()).phaseCoded(), "--replicas must keep the rate code");
        assertTrue(auto.report().warnings().stream().anyMatch(w -> w.code().equals(HostErrors.PHASE_NOT_USED)
                && w.message().contains("reason=rate code options given")), auto.report().warnings().toString());
        assertTrue(ImageInfo.of(Workload.compile(model, null, ConvertOptions.defaults(), CompileOptions.defaults(),
                Coding.AUTO).image()).phaseCoded(), "a quantized-ReLU model is phase coded by default");
        LoihiException forced = assertThrows(LoihiException.class,
                () -> Workload.compile(model, null, replicas, CompileOptions.defaults(), Coding.PHASE));
        assertEquals(CompilerErrors.CONVERT_BAD_OPTION, forced.code());
    }

    /** The counts the host's encoder sends per feature in the input window, signed by the feature's sign. */
    private static int[] sentCounts(ImageInfo info, double[] x) {
        RateEncoder encoder = info.encoder(null);
        encoder.present(x);
        int copies = info.inputCopies();
        int[] counts = new int[x.length];
        int[] axons = new int[encoder.axons()];
        for (int t = 0; t < info.phase().pipelineSteps(); t++) {
            int n = encoder.next(axons);
            for (int a = 0; a < n; a++) {
                int feature = axons[a] / (2 * copies);
                counts[feature] += (axons[a] / copies) % 2 == 0 ? 1 : -1;
            }
        }
        return counts;
    }

    /** 12 -> 20 -> 16 -> 4: weights and biases m / 32, m in -32..31; quantized_relu(6,0) then (4,1). */
    private static AnnModel model(long seed) {
        Random random = new Random(seed);
        return new AnnModel("phase" + seed, 12, List.of(
                layer("fc1", 12, 20, ValueQuantizer.quantizedRelu(6, 0), random),
                layer("fc2", 20, 16, ValueQuantizer.quantizedRelu(4, 1), random),
                layer("out", 16, 4, null, random)));
    }

    private static DenseLayer layer(String name, int in, int out, ValueQuantizer activation, Random random) {
        double[][] kernel = new double[in][out];
        for (double[] row : kernel) {
            for (int j = 0; j < out; j++) {
                row[j] = (random.nextInt(64) - 32) / 32.0;
            }
        }
        double[] bias = new double[out];
        for (int j = 0; j < out; j++) {
            bias[j] = (random.nextInt(64) - 32) / 32.0;
        }
        LayerQuantizers q = new LayerQuantizers(null, null, activation, "quantized_bits(6,0)");
        return new DenseLayer(name, kernel, bias, activation == null ? Activation.SOFTMAX : Activation.RELU, q);
    }

    private static double[][] gaussian(int n, int width, long seed) {
        Random random = new Random(seed * 31 + 7);
        double[][] x = new double[n][width];
        for (double[] row : x) {
            for (int k = 0; k < width; k++) {
                row[k] = random.nextGaussian();
            }
        }
        return x;
    }
}
