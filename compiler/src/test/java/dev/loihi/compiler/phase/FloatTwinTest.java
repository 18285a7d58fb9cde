package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.ConvGeometry;
import dev.loihi.compiler.keras.ConvLayers;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.keras.ValueQuantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PTQ rule of {@link FloatTwin}: weights on their bits and one power of two, activation grids
 * that reach the chosen percentile, and a twin that {@link CnnPhasePlan} computes exactly (seeded
 * float conv and dense models).
 */
class FloatTwinTest {
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 30);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldRoundWeightsToTheirBitsOnOnePowerOfTwo(long seed) {
        Random r = new Random(seed);
        int bits = 3 + r.nextInt(6);
        double[][] kernel = new double[5][7];
        double magnitude = Math.exp(r.nextGaussian() * 3);
        for (double[] row : kernel) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian() * magnitude;
            }
        }
        double step = FloatTwin.weightStep(kernel, bits);
        double top = (1 << (bits - 1)) - 1;
        double max = 0;
        for (double[] row : kernel) {
            for (double w : row) {
                max = Math.max(max, Math.abs(w));
            }
        }
        assertTrue(PhasePlan.powerOfTwo(step), "step " + step);
        assertTrue(max <= top * step && max > top * step / 2, "seed " + seed + ": step " + step + " is not the finest");
        AnnModel model = new AnnModel("m", 5, List.of(new DenseLayer("out", kernel, new double[7], Activation.LINEAR)));
        double[][] rounded = FloatTwin.of(model, new double[][] {new double[5]}, 1.0 / 64,
                new PtqSettings(6, bits, 100)).layers().get(0).kernel();
        for (int i = 0; i < kernel.length; i++) {
            for (int j = 0; j < kernel[i].length; j++) {
                double k = rounded[i][j] / step;
                assertEquals(Math.rint(k), k, 0.0);
                assertTrue(Math.abs(k) <= top && Math.abs(rounded[i][j] - kernel[i][j]) <= step / 2, "seed " + seed);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldReachThePercentileWithTheTopLevel(long seed) {
        Random r = new Random(seed);
        int bits = 2 + r.nextInt(9);
        double clip = Math.exp(r.nextGaussian() * 4);
        double q = FloatTwin.quantum(clip, bits);
        long top = (1L << bits) - 1;
        assertTrue(PhasePlan.powerOfTwo(q) && top * q >= clip && top * q / 2 < clip, "clip " + clip + ", quantum " + q);
    }

    @Test
    void shouldTakeThePercentileOfThePositiveValuesByNearestRank() {
        double[][] values = {{0, -1, 3, 1}, {2, 0, 4, 5}};
        assertEquals(5, FloatTwin.percentile(values, 100), 0.0);
        assertEquals(4, FloatTwin.percentile(values, 80), 0.0);
        assertEquals(1, FloatTwin.percentile(values, 1), 0.0);
        assertEquals(0, FloatTwin.percentile(new double[][] {{0, -2}}, 99.9), 0.0);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldBeComputedExactlyByItsIntegerPlan(long seed) {
        Random r = new Random(seed);
        AnnModel model = seededModel(r, 6);
        double[][] calibration = inputs(r, 40, model.inputSize(), 1.0 / 64);
        PtqSettings settings = new PtqSettings(4 + r.nextInt(5), 4 + r.nextInt(5), new double[] {100, 99.9, 99}[r.nextInt(3)],
                r.nextBoolean());
        double step = Math.scalb(1.0, -6);
        AnnModel twin = FloatTwin.of(model, calibration, step, settings);
        assertNull(CnnPhasePlan.whyNot(twin));
        CnnPhasePlan plan = CnnPhasePlan.of(twin, step, 128, -2, 2);
        for (double[] x : inputs(r, 30, model.inputSize(), step)) {
            assertArrayEquals(logits(twin, x), plan.output(x), 0.0, "seed " + seed + ", " + settings.describe());
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldKeepTheMeanPreActivationWithBiasCorrection(long seed) {
        Random r = new Random(seed);
        double[][] kernel = new double[8][4];
        for (double[] row : kernel) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[] bias = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        AnnModel model = new AnnModel("m", 8, List.of(new DenseLayer("out", kernel, bias, Activation.LINEAR)));
        double[][] x = new double[50][8];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = 0.5 + r.nextGaussian();
            }
        }
        double step = 1.0 / 64;
        DenseLayer twin = FloatTwin.of(model, x, step, new PtqSettings(6, 4, 100, true)).layers().get(0);
        double unit = FloatTwin.weightStep(kernel, 4) * step;
        for (int j = 0; j < bias.length; j++) {
            double drift = 0;
            for (double[] row : x) {
                drift += (FloatModel.affine(twin, row)[j] - FloatModel.affine(model.layers().get(0), row)[j]) / x.length;
            }
            assertTrue(Math.abs(drift) <= unit / 2 + 1e-12, "seed " + seed + ", unit " + j + ": mean drift " + drift);
        }
    }

    @Test
    void shouldNameWhatHasNoTwin() {
        Random r = new Random(3);
        AnnModel model = seededModel(r, 6);
        assertNull(FloatTwin.whyNot(model));
        List<DenseLayer> layers = new ArrayList<>(model.layers());
        DenseLayer h = layers.get(1);
        layers.set(1, new DenseLayer(h.name(), h.kernel(), h.bias(), Activation.SIGMOID));
        assertEquals("hidden layer d1 has activation sigmoid", FloatTwin.whyNot(new AnnModel("s", model.inputSize(), layers)));
        layers.set(1, new DenseLayer(h.name(), h.kernel(), h.bias(), Activation.RELU,
                new LayerQuantizers(null, null, ValueQuantizer.quantizedRelu(6, 0), null)));
        assertEquals("layer d1 is already quantized", FloatTwin.whyNot(new AnnModel("q", model.inputSize(), layers)));
    }

    /** side x side x 1 -> conv 3 x 3 (2-3 filters, ReLU) -> max pool 2 x 2 on even seeds -> dense 5 ReLU -> 3 softmax. */
    static AnnModel seededModel(Random r, int side) {
        int filters = 2 + r.nextInt(2);
        ConvGeometry conv = ConvGeometry.keras(new int[] {side, side}, 1, new int[] {3, 3}, new int[] {1, 1}, r.nextBoolean(),
                filters);
        List<DenseLayer> layers = new ArrayList<>();
        layers.add(ConvLayers.conv("c1", conv, gaussian(r, 9 * filters, 0.5), gaussian(r, filters, 0.1), Activation.RELU,
                LayerQuantizers.NONE));
        int width = conv.outUnits();
        if (r.nextBoolean()) {
            int[] out = conv.outSize();
            ConvGeometry pool = ConvGeometry.keras(out, filters, new int[] {2, 2}, new int[] {2, 2}, false, filters);
            layers.addAll(ConvLayers.maxPool("pool", pool));
            width = pool.outUnits();
        }
        layers.add(new DenseLayer("d1", kernel(r, width, 5, 0.4), gaussian(r, 5, 0.1), Activation.RELU));
        layers.add(new DenseLayer("out", kernel(r, 5, 3, 0.6), gaussian(r, 3, 0.1), Activation.SOFTMAX));
        return new AnnModel("seeded_float_cnn", side * side, layers);
    }

    /** The twin's output pre-activation in doubles (the readout carries P, before any softmax). */
    static double[] logits(AnnModel twin, double[] x) {
        List<DenseLayer> layers = twin.layers();
        double[] h = x;
        for (int l = 0; l < layers.size() - 1; l++) {
            h = FloatModel.forward(layers.get(l), h);
        }
        return FloatModel.affine(layers.get(layers.size() - 1), h);
    }

    /** Rows of values in [-1, 1] on a grid of {@code step}. */
    static double[][] inputs(Random r, int rows, int width, double step) {
        double[][] x = new double[rows][width];
        for (double[] row : x) {
            for (int i = 0; i < width; i++) {
                row[i] = (r.nextInt((int) (2 / step) + 1) - (int) (1 / step)) * step;
            }
        }
        return x;
    }

    private static double[][] kernel(Random r, int rows, int cols, double sigma) {
        double[][] k = new double[rows][];
        for (int i = 0; i < rows; i++) {
            k[i] = gaussian(r, cols, sigma);
        }
        return k;
    }

    private static double[] gaussian(Random r, int n, double sigma) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian() * sigma;
        }
        return v;
    }
}
