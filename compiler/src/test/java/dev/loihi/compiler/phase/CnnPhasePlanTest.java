package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.keras.ValueQuantizer;
import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The integer plan of a quantized CNN equals the quantized float model on inputs on the input
 * grid, on seeded models with the HGQ CNN's parts: a layer with WRAP quantizers before and after
 * its ReLU, a 2-cell max pool as its ReLU tree and sum, an input quantizer (RND, WRAP) on the
 * next layer, and logits truncated and wrapped.
 */
class CnnPhasePlanTest {
    private static final int INPUTS = 12;
    private static final int PAIRS = 6;

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldEqualTheQuantizedModelExactly(long seed) {
        Random r = new Random(seed);
        AnnModel model = model(r);
        assertEquals(null, CnnPhasePlan.whyNot(model));
        int k = 5 + r.nextInt(4);
        double step = Math.scalb(1.0, -k);
        CnnPhasePlan plan = CnnPhasePlan.of(model, step, 1 << k, 0, 1);
        for (int s = 0; s < 50; s++) {
            double[] x = new double[INPUTS];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(4) == 0 ? 0 : r.nextInt((1 << k) + 1) * step;
            }
            assertArrayEquals(FloatModel.predict(model, new double[][] {x})[0], plan.output(x), 0.0, "seed " + seed + ", input " + s);
        }
    }

    /**
     * A quantizer on the model's input (HGQ's first FixedPointQuantizer, RND): the host's counts
     * at its quantum are its levels, so the plan equals the model on every input in the range,
     * not only on the grid (midpoints included, where RND rounds up).
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldEqualTheModelWhenItQuantizesItsInput(long seed) {
        Random r = new Random(seed);
        int fraction = 3 + r.nextInt(3);
        AnnModel model = withInputQuantizer(model(r), new FixedPointArithmetic(0, fraction + 1, 1, GridRounding.HALF_UP,
                true));
        assertEquals(null, CnnPhasePlan.whyNot(model));
        double step = Math.scalb(1.0, -fraction);
        CnnPhasePlan plan = CnnPhasePlan.of(model, step, 1 << fraction, 0, 1);
        for (int s = 0; s < 50; s++) {
            double[] x = new double[INPUTS];
            for (int i = 0; i < x.length; i++) {
                x[i] = switch (r.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> (r.nextInt(1 << fraction) + 0.5) * step;
                    default -> r.nextDouble();
                };
            }
            assertArrayEquals(FloatModel.predict(model, new double[][] {x})[0], plan.output(x), 0.0, "seed " + seed + ", input " + s);
        }
    }

    /** A QKeras CNN: quantized_relu activations (half to even, saturating), float logits. */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldEqualAQKerasCnnExactly(long seed) {
        Random r = new Random(seed);
        AnnModel hgq = model(r);
        List<DenseLayer> layers = new java.util.ArrayList<>(hgq.layers());
        ValueQuantizer[] relus = {ValueQuantizer.quantizedRelu(3 + r.nextInt(3), 1), ValueQuantizer.quantizedRelu(4, 2)};
        for (int l : new int[] {0, 3}) {
            DenseLayer d = layers.get(l);
            layers.set(l, new DenseLayer(d.name(), d.kernel(), d.bias(), Activation.RELU,
                    new LayerQuantizers(null, null, relus[l == 0 ? 0 : 1], "quantized_bits(8,3,alpha=1)"), d.window()));
        }
        DenseLayer out = layers.get(4);
        layers.set(4, new DenseLayer(out.name(), out.kernel(), out.bias(), Activation.LINEAR));
        AnnModel model = new AnnModel("qkeras_cnn", INPUTS, layers);
        assertEquals(null, CnnPhasePlan.whyNot(model));
        CnnPhasePlan plan = CnnPhasePlan.of(model, 1.0 / 64, 64, 0, 1);
        for (int s = 0; s < 50; s++) {
            double[] x = new double[INPUTS];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(65) / 64.0;
            }
            assertArrayEquals(FloatModel.predict(model, new double[][] {x})[0], plan.output(x), 1e-12, "seed " + seed + ", input " + s);
        }
    }

    @Test
    void shouldRefuseAnInputQuantizerTheCountsCannotGive() {
        Random r = new Random(3);
        AnnModel truncating = withInputQuantizer(model(r), new FixedPointArithmetic(0, 5, 1, GridRounding.FLOOR, true));
        assertTrue(CnnPhasePlan.whyNot(truncating).startsWith("layer c1 quantizes the model's input"),
                CnnPhasePlan.whyNot(truncating));
        AnnModel rounding = withInputQuantizer(model(r), new FixedPointArithmetic(0, 5, 1, GridRounding.HALF_UP, true));
        assertEquals(null, CnnPhasePlan.whyNot(rounding));
        IllegalArgumentException finer = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CnnPhasePlan.of(rounding, 1.0 / 64, 64, 0, 1));
        assertTrue(finer.getMessage().contains("needs input step 0.0625"), finer.getMessage());
        IllegalArgumentException negative = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CnnPhasePlan.of(rounding, 1.0 / 16, 16, -1, 1));
        assertTrue(negative.getMessage().contains("no negative input"), negative.getMessage());
        // ufixed<4,1> tops out at 1.875: an input range to 2 would wrap
        AnnModel narrow = withInputQuantizer(model(r), new FixedPointArithmetic(0, 4, 1, GridRounding.HALF_UP, true));
        IllegalArgumentException wraps = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CnnPhasePlan.of(narrow, 1.0 / 8, 16, 0, 2));
        assertTrue(wraps.getMessage().contains("does not only round"), wraps.getMessage());
    }

    /**
     * A signed input quantizer (fixed<6,2,RND>) keeps negative inputs, which the counts cannot
     * give as it rounds them. Compiled with no range and no calibration inputs, its own domain
     * holds them: --coding auto keeps the rate code, not a phase image for [0, max] whose host
     * refuses every negative input. The unsigned one of the same grid and top (ufixed<5,1>) is
     * phase coded on [0, max].
     */
    @Test
    void shouldNotCutASignedInputQuantizersDomainToItsPositiveHalf() {
        AnnModel unsigned = withInputQuantizer(model(new Random(11)), new FixedPointArithmetic(0, 5, 1,
                GridRounding.HALF_UP, true));
        AnnModel signed = withInputQuantizer(model(new Random(11)), new FixedPointArithmetic(1, 6, 2,
                GridRounding.HALF_UP, true));
        assertEquals(null, CnnPhasePlan.whyNot(signed));
        assertTrue(PhaseCompiler.compile(unsigned, Coding.AUTO, 1.0, null, CompileOptions.defaults()) != null,
                "the unsigned input quantizer's model is phase coded");
        assertTrue(PhaseCompiler.compile(signed, Coding.AUTO, 1.0, null, CompileOptions.defaults()) == null,
                "the signed input quantizer's model keeps the rate code");
        LoihiException e = org.junit.jupiter.api.Assertions.assertThrows(LoihiException.class,
                () -> PhaseCompiler.compile(signed, Coding.PHASE, 1.0, null, CompileOptions.defaults()));
        assertTrue(e.getMessage().contains("input quantizer on layer c1") && e.getMessage().contains("no negative input"),
                e.getMessage());
    }

    private static AnnModel withInputQuantizer(AnnModel model, ValueQuantizer input) {
        List<DenseLayer> layers = new java.util.ArrayList<>(model.layers());
        DenseLayer first = layers.get(0);
        LayerQuantizers q = first.quantizers();
        layers.set(0, new DenseLayer(first.name(), first.kernel(), first.bias(), first.activation(),
                new LayerQuantizers(input, q.beforeActivation(), q.afterActivation(), q.weightQuantizer()), first.window()));
        return new AnnModel(model.name(), model.inputSize(), layers);
    }

    @Test
    void shouldNameWhatHasNoIntegerPlan() {
        Random r = new Random(7);
        double[][] k = kernel(r, INPUTS, 3, 0.125, 8);
        AnnModel plain = new AnnModel("plain", INPUTS, List.of(new DenseLayer("d", k, new double[3], Activation.LINEAR)));
        assertEquals("the model has no value quantizer", CnnPhasePlan.whyNot(plain));
        // thirds: a grid, but no power of two
        ValueQuantizer thirds = new ValueQuantizer() {
            @Override
            public double apply(double x, int index) {
                return Math.rint(x * 3) / 3;
            }

            @Override
            public double maxOutput() {
                return Double.POSITIVE_INFINITY;
            }

            @Override
            public FixedGrid fixedGrid() {
                return new FixedGrid(1.0 / 3, GridRounding.HALF_EVEN);
            }

            @Override
            public String describe() {
                return "thirds";
            }
        };
        LayerQuantizers q = new LayerQuantizers(null, null, thirds, null);
        AnnModel third = new AnnModel("q", INPUTS, List.of(new DenseLayer("h", k, new double[3], Activation.RELU, q),
                new DenseLayer("o", kernel(r, 3, 2, 0.125, 8), new double[2], Activation.LINEAR)));
        assertTrue(CnnPhasePlan.whyNot(third).startsWith("layer h has a quantizer without one power-of-two grid"),
                CnnPhasePlan.whyNot(third));
    }

    /** INPUTS -> 2 PAIRS (pre and output WRAP) -> max of each pair -> 5 (input RND WRAP) -> 3 logits (TRN WRAP). */
    static AnnModel model(Random r) {
        FixedPointArithmetic pre1 = new FixedPointArithmetic(1, 6 + r.nextInt(3), 3, GridRounding.FLOOR, true);
        FixedPointArithmetic out1 = new FixedPointArithmetic(0, 4 + r.nextInt(3), 2 + r.nextInt(2) - (pre1.bits() - 6),
                GridRounding.FLOOR, true);
        DenseLayer c1 = new DenseLayer("c1", kernel(r, INPUTS, 2 * PAIRS, 0.125, 8), bias(r, 2 * PAIRS, 1.0 / 32),
                Activation.RELU, new LayerQuantizers(null, pre1, out1, null), null);
        double[][] tree = new double[2 * PAIRS][2 * PAIRS];
        double[][] sum = new double[2 * PAIRS][PAIRS];
        for (int p = 0; p < PAIRS; p++) {
            tree[2 * p][2 * p] = 1;
            tree[2 * p + 1][2 * p + 1] = 1;
            tree[2 * p][2 * p + 1] = -1;
            sum[2 * p][p] = 1;
            sum[2 * p + 1][p] = 1;
        }
        DenseLayer max1 = new DenseLayer("pool_max1", tree, new double[2 * PAIRS], Activation.RELU);
        DenseLayer pool = new DenseLayer("pool", sum, new double[PAIRS], Activation.LINEAR);
        FixedPointArithmetic in2 = new FixedPointArithmetic(0, 5, 1, GridRounding.HALF_UP, true);
        FixedPointArithmetic pre2 = new FixedPointArithmetic(1, 8, 7, GridRounding.FLOOR, true);
        FixedPointArithmetic out2 = new FixedPointArithmetic(0, 6, 5, GridRounding.values()[r.nextInt(3)], r.nextBoolean());
        DenseLayer d2 = new DenseLayer("d2", kernel(r, PAIRS, 5, 0.125, 32), bias(r, 5, 0.25), Activation.RELU,
                new LayerQuantizers(in2, pre2, out2, null), null);
        FixedPointArithmetic logits = new FixedPointArithmetic(1, 10, 7, GridRounding.FLOOR, true);
        DenseLayer out = new DenseLayer("out", kernel(r, 5, 3, 0.125, 16), bias(r, 3, 1.0 / 16), Activation.LINEAR,
                new LayerQuantizers(null, logits, null, null), null);
        return new AnnModel("seeded_cnn", INPUTS, List.of(c1, max1, pool, d2, out));
    }

    private static double[][] kernel(Random r, int rows, int cols, double grid, int maxSteps) {
        double[][] k = new double[rows][cols];
        for (double[] row : k) {
            for (int j = 0; j < cols; j++) {
                row[j] = (r.nextInt(2 * maxSteps + 1) - maxSteps) * grid;
            }
        }
        return k;
    }

    private static double[] bias(Random r, int n, double grid) {
        double[] b = new double[n];
        for (int j = 0; j < n; j++) {
            b[j] = (r.nextInt(41) - 20) * grid;
        }
        return b;
    }
}
