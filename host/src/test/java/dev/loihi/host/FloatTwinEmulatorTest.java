package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.ConvGeometry;
import dev.loihi.compiler.keras.ConvLayers;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.phase.CnnPhaseNetwork;
import dev.loihi.compiler.phase.CnnPhasePlan;
import dev.loihi.compiler.phase.FloatTwin;
import dev.loihi.compiler.phase.PtqSettings;
import dev.loihi.image.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A float model's PTQ twin ({@link FloatTwin}) built as a chip network ({@link CnnPhaseNetwork})
 * and run on the bit-exact emulator: the readout equals the twin's integer plan exactly, for
 * every input, and stays so after the pipeline. Seeded float models on a 6 x 6 image: a 3 x 3
 * convolution of 2-3 filters (ReLU), on odd seeds a 2 x 2 max pool, a dense layer of 4 (ReLU)
 * and 3 softmax outputs; settings that fit one step's q (4-5 activation bits, 4 weight bits).
 */
class FloatTwinEmulatorTest {
    private static final int SIDE = 6;
    private static final int INPUTS = 10;
    private static final int REPLICAS = 8;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 4);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldReadTheTwinsIntegerPlanExactly(long seed) {
        Random r = new Random(seed);
        AnnModel model = floatModel(r, seed % 2 == 1);
        assertNull(FloatTwin.whyNot(model));
        double step = Math.scalb(1.0, -4);
        int levels = 16;
        AnnModel twin = FloatTwin.of(model, inputs(r, 40, step), step, new PtqSettings(4 + r.nextInt(2), 4, 100));
        CnnPhasePlan plan = CnnPhasePlan.of(twin, step, levels, -1, 1);
        int copies = 4;
        Image image = CnnPhaseNetwork.compile(plan, model.inputSize(), -1, 1, REPLICAS, copies, levels / copies,
                model.outputLayer().activation().kerasName(), CompileOptions.defaults()).image();
        int pipeline = ImageInfo.of(image).phase().pipelineSteps();
        double[][] x = inputs(r, INPUTS, step);
        double[][][] readouts = new EmulatorPredictor().readouts(image, x, new int[] {pipeline, 2 * pipeline});
        int nonZero = 0;
        for (int i = 0; i < x.length; i++) {
            double[] expected = plan.output(x[i]);
            nonZero += java.util.Arrays.stream(expected).anyMatch(v -> v != 0) ? 1 : 0;
            for (int j = 0; j < expected.length; j++) {
                String at = "seed " + seed + ", input " + i + ", output " + j;
                assertEquals(expected[j], readouts[0][i][j], 0.0, at);
                assertEquals(readouts[0][i][j], readouts[1][i][j], 0.0, "readout moved after the pipeline: " + at);
            }
        }
        assertTrue(nonZero > x.length / 2, "seed " + seed + ": most logits are 0, the test would show little");
    }

    /** SIDE x SIDE x 1 -> conv 3 x 3 (ReLU) -> [max pool 2 x 2] -> dense 4 ReLU -> 3 softmax, Gaussian weights. */
    private static AnnModel floatModel(Random r, boolean pool) {
        int filters = 2 + r.nextInt(2);
        ConvGeometry conv = ConvGeometry.keras(new int[] {SIDE, SIDE}, 1, new int[] {3, 3}, new int[] {1, 1}, false, filters);
        List<DenseLayer> layers = new ArrayList<>();
        layers.add(ConvLayers.conv("c1", conv, gaussian(r, 9 * filters, 0.5), gaussian(r, filters, 0.1), Activation.RELU,
                LayerQuantizers.NONE));
        int width = conv.outUnits();
        if (pool) {
            ConvGeometry p = ConvGeometry.keras(conv.outSize(), filters, new int[] {2, 2}, new int[] {2, 2}, false, filters);
            layers.addAll(ConvLayers.maxPool("pool", p));
            width = p.outUnits();
        }
        double[][] dense = new double[width][];
        for (int i = 0; i < width; i++) {
            dense[i] = gaussian(r, 4, 0.4);
        }
        double[][] out = new double[4][];
        for (int i = 0; i < 4; i++) {
            out[i] = gaussian(r, 3, 0.6);
        }
        layers.add(new DenseLayer("d1", dense, gaussian(r, 4, 0.1), Activation.RELU));
        layers.add(new DenseLayer("out", out, gaussian(r, 3, 0.1), Activation.SOFTMAX));
        return new AnnModel("seeded_float_cnn", SIDE * SIDE, layers);
    }

    /** Rows of values in [-1, 1] on the input grid. */
    private static double[][] inputs(Random r, int rows, double step) {
        double[][] x = new double[rows][SIDE * SIDE];
        int half = (int) Math.round(1 / step);
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (r.nextInt(2 * half + 1) - half) * step;
            }
        }
        return x;
    }

    private static double[] gaussian(Random r, int n, double sigma) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian() * sigma;
        }
        return v;
    }
}
