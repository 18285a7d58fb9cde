package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.ConvGeometry;
import dev.loihi.compiler.keras.ConvLayers;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.keras.ValueQuantizer;
import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;
import dev.loihi.compiler.phase.CnnPhaseNetwork;
import dev.loihi.compiler.phase.CnnPhasePlan;
import dev.loihi.compiler.phase.CnnStage;
import dev.loihi.compiler.phase.Coding;
import dev.loihi.compiler.phase.PhaseCompiler;
import dev.loihi.image.Image;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A quantized CNN's integer plan built as a chip network ({@link CnnPhaseNetwork}) and run on
 * the bit-exact emulator through the host: the logits' cast the host applies to the readout
 * gives the plan's output and the quantized float model's exactly, for every input, and an
 * input outside the range the plan was made for is refused. Seeded models of
 * the HGQ MNIST CNN's parts on an 8 x 8 image: a 3 x 3 convolution of 2-4 filters with WRAP
 * casts before and after its ReLU (any rounding), a 2 x 2 max pool as its ReLU tree, a dense
 * layer that casts its input (RND, WRAP), and wrapped, truncated logits.
 */
class CnnPhaseEmulatorTest {
    private static final int SIDE = 8;
    private static final int INPUTS = 12;
    private static final int REPLICAS = 8;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 6);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldReadTheIntegerPlanExactly(long seed) {
        Random r = new Random(seed);
        AnnModel model = model(r);
        assertNull(CnnPhasePlan.whyNot(model));
        int k = 4 + r.nextInt(2);
        double step = Math.scalb(1.0, -k);
        int copies = 4;
        CnnPhasePlan plan = CnnPhasePlan.of(model, step, 1 << k, 0, 1);
        Image image = CnnPhaseNetwork.compile(plan, model.inputSize(), 0, 1, REPLICAS, copies, (1 << k) / copies,
                model.outputLayer().activation().kerasName(), CompileOptions.defaults()).image();
        ImageInfo info = ImageInfo.of(image);
        int pipeline = info.phase().pipelineSteps();
        double[][] x = new double[INPUTS][model.inputSize()];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextInt(4) == 0 ? 0 : r.nextInt((1 << k) + 1) * step;
            }
        }
        double[][][] readouts = new EmulatorPredictor().readouts(image, x, new int[] {pipeline, 2 * pipeline});
        double[][] quantized = FloatModel.predict(model, x);
        CnnStage out = plan.stages().get(plan.stages().size() - 1);
        for (int i = 0; i < x.length; i++) {
            long[][] values = plan.forward(x[i]);
            long[] below = values[values.length - 2];
            for (int j = 0; j < out.units(); j++) {
                // the host applies the logits' cast to the readout's P: it must be the plan's P
                long p = out.preActivation(j, below);
                String at = "seed " + seed + ", input " + i + ", output " + j;
                assertEquals(out.staircase().value(out.level(p)) * out.valueGrid(), readouts[0][i][j], 0.0, at);
                assertEquals(quantized[i][j], readouts[0][i][j], 0.0, at);
                assertEquals(readouts[0][i][j], readouts[1][i][j], 0.0, "readout moved after the pipeline: " + at);
            }
        }
        double[] outside = x[0].clone();
        outside[5] = 1 + step;
        LoihiException e = assertThrows(LoihiException.class, () -> info.checkWidth(outside, Path.of("x.npy"), 3));
        assertEquals(HostErrors.INPUT_PHASE_RANGE, e.code());
        assertTrue(e.getMessage().contains("row=3, feature=5"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(compile with --input-range covering it, or --coding rate)"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldBePhaseCodedThroughTheWorkloadWhenItFits(long seed) {
        Random r = new Random(seed);
        AnnModel model = model(r);
        double step = PhaseCompiler.inputStep(1.0);
        double[][] x = new double[INPUTS][model.inputSize()];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextInt(4) == 0 ? 0 : r.nextInt((int) (1 / step) + 1) * step;
            }
        }
        ConvertOptions options = ConvertOptions.defaults().withInputScale(1.0).withCalibration(x);
        for (Coding coding : new Coding[] {Coding.AUTO, Coding.PHASE}) {
            Image image = Workload.compile(model, null, options, CompileOptions.defaults(), coding).image();
            ImageInfo info = ImageInfo.of(image);
            assertTrue(info.phaseCoded() && info.phase().cast() != null, "seed " + seed + ": " + coding);
            assertEquals(0.0, info.phase().range()[0], 0.0);
            double[][] y = new EmulatorPredictor().readout(image, x, info.phase().pipelineSteps());
            double[][] quantized = FloatModel.predict(model, x);
            for (int i = 0; i < x.length; i++) {
                assertArrayEquals(quantized[i], y[i], 0.0, "seed " + seed + ", " + coding + ", input " + i);
            }
        }
    }

    /**
     * 28 x 28 CNNs with 4 or 8 filters, a pool and a second convolution: refused before window
     * connections were written sparsely (the first convolution of 8 filters alone was 6,272 x
     * 43,264 dense entries); now built, placed on one chip and exact on
     * the emulator.
     */
    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void shouldRunA28x28CnnExactly(int filters) {
        Random r = new Random(filters);
        AnnModel model = bigModel(r, filters);
        assertNull(CnnPhasePlan.whyNot(model));
        int k = 4;
        double step = Math.scalb(1.0, -k);
        int copies = 4;
        CnnPhasePlan plan = CnnPhasePlan.of(model, step, 1 << k, 0, 1);
        Image image = CnnPhaseNetwork.compile(plan, model.inputSize(), 0, 1, REPLICAS, copies, (1 << k) / copies,
                model.outputLayer().activation().kerasName(), CompileOptions.defaults()).image();
        assertEquals(1, image.chips(), filters + " filters");
        double[][] x = new double[3][model.inputSize()];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextInt(3) == 0 ? 0 : r.nextInt((1 << k) + 1) * step;
            }
        }
        ImageInfo info = ImageInfo.of(image);
        double[][] y = new EmulatorPredictor().readout(image, x, info.phase().pipelineSteps());
        double[][] quantized = FloatModel.predict(model, x);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(plan.output(x[i]), y[i], 0.0, "plan, " + filters + " filters, input " + i);
            assertArrayEquals(quantized[i], y[i], 0.0, "float model, " + filters + " filters, input " + i);
        }
    }

    /** 28 x 28 x 1 -> conv 3 x 3 (F filters) -> max pool 2 x 2 -> conv 3 x 3 stride 2 (2 filters) -> 3 logits. */
    private static AnnModel bigModel(Random r, int filters) {
        int side = 28;
        GridRounding[] roundings = GridRounding.values();
        ConvGeometry conv1 = ConvGeometry.keras(new int[] {side, side}, 1, new int[] {3, 3}, new int[] {1, 1}, false,
                filters);
        List<DenseLayer> layers = new ArrayList<>();
        layers.add(ConvLayers.conv("c1", conv1, values(r, 9 * filters, 0.125, 3), values(r, filters, 1.0 / 32, 20),
                Activation.RELU, new LayerQuantizers(null,
                        ValueQuantizer.fixedPoint(true, 8, 3, roundings[r.nextInt(3)], r.nextBoolean()),
                        ValueQuantizer.fixedPoint(false, 4, 2, roundings[r.nextInt(3)], r.nextBoolean()), null)));
        ConvGeometry pool = ConvGeometry.keras(new int[] {side - 2, side - 2}, filters, new int[] {2, 2},
                new int[] {2, 2}, false, filters);
        layers.addAll(ConvLayers.maxPool("pool", pool));
        ConvGeometry conv2 = ConvGeometry.keras(new int[] {13, 13}, filters, new int[] {3, 3}, new int[] {2, 2}, false, 2);
        layers.add(ConvLayers.conv("c2", conv2, values(r, 18 * filters, 0.125, 2), values(r, 2, 1.0 / 16, 20),
                Activation.RELU, new LayerQuantizers(null, ValueQuantizer.fixedPoint(true, 8, 5, GridRounding.FLOOR,
                        false), ValueQuantizer.fixedPoint(false, 4, 2, GridRounding.FLOOR, false), null)));
        layers.add(new DenseLayer("out", kernel(r, conv2.outUnits(), 3, 0.125, 4), values(r, 3, 1.0 / 16, 20),
                Activation.LINEAR, new LayerQuantizers(null, ValueQuantizer.fixedPoint(true, 10, 7, GridRounding.FLOOR,
                true), null, null)));
        return new AnnModel("big_cnn", side * side, layers);
    }

    /**
     * A model that quantizes its input (HGQ's first quantizer, RND): compiled with no range and no
     * calibration inputs, its plan covers the quantizer's own domain at its quantum, and any input
     * there, off the grid too, reads the quantized float model exactly. A dense model so (seed 6)
     * takes the same plan under {@code --coding auto}: the dense plan refuses input quantizers.
     */
    @ParameterizedTest
    @ValueSource(longs = {5, 6})
    void shouldCountTheModelsOwnInputQuantizer(long seed) {
        Random r = new Random(seed);
        AnnModel hgq = model(r);
        List<DenseLayer> layers = new ArrayList<>(hgq.layers());
        DenseLayer c1 = layers.get(0);
        LayerQuantizers q = c1.quantizers();
        ValueQuantizer input = ValueQuantizer.fixedPoint(false, 4, 1, GridRounding.HALF_UP, true);
        // seed 6: the same layers without windows, a dense HGQ model, which the quantized-CNN plan takes too
        layers.set(0, new DenseLayer(c1.name(), c1.kernel(), c1.bias(), c1.activation(),
                new LayerQuantizers(input, q.beforeActivation(), q.afterActivation(), null), seed == 6 ? null : c1.window()));
        AnnModel model = new AnnModel("quantized_input", SIDE * SIDE, layers);
        Image image = Workload.compile(model, null, ConvertOptions.defaults(), CompileOptions.defaults(), Coding.AUTO)
                .image();
        ImageInfo info = ImageInfo.of(image);
        assertTrue(info.phaseCoded(), "seed " + seed);
        assertEquals(0.125, info.phase().inputStep());
        assertArrayEquals(new double[] {0, 1.875}, info.phase().range(), 0.0);
        double[][] x = new double[INPUTS][model.inputSize()];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextInt(4) == 0 ? 0 : r.nextInt(2) == 0 ? (r.nextInt(15) + 0.5) * 0.125 : 1.875 * r.nextDouble();
            }
        }
        double[][] y = new EmulatorPredictor().readout(image, x, info.phase().pipelineSteps());
        double[][] quantized = FloatModel.predict(model, x);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(quantized[i], y[i], 0.0, "seed " + seed + ", input " + i);
        }
    }

    /**
     * A QKeras CNN (QConv2D and QDense with quantized_relu, float logits) takes the phase code
     * by itself and reads the quantized float model exactly on the emulator.
     */
    @ParameterizedTest
    @ValueSource(longs = {3, 4})
    void shouldRunAQKerasCnnExactly(long seed) {
        Random r = new Random(seed);
        int filters = 2 + r.nextInt(3);
        ConvGeometry conv = ConvGeometry.keras(new int[] {SIDE, SIDE}, 1, new int[] {3, 3}, new int[] {1, 1}, true, filters);
        List<DenseLayer> layers = new ArrayList<>();
        layers.add(ConvLayers.conv("c1", conv, values(r, 9 * filters, 0.125, 8), values(r, filters, 1.0 / 32, 20),
                Activation.RELU, new LayerQuantizers(null, null, ValueQuantizer.quantizedRelu(4, 1), "quantized_bits(4,0)")));
        ConvGeometry pool = ConvGeometry.keras(new int[] {SIDE, SIDE}, filters, new int[] {2, 2}, new int[] {2, 2}, false,
                filters);
        layers.addAll(ConvLayers.maxPool("pool", pool));
        layers.add(new DenseLayer("d2", kernel(r, pool.outUnits(), 6, 0.125, 8), values(r, 6, 0.25, 20), Activation.RELU,
                new LayerQuantizers(null, null, ValueQuantizer.quantizedRelu(5, 2), "quantized_bits(5,1)")));
        layers.add(new DenseLayer("out", kernel(r, 6, 3, 0.125, 16), values(r, 3, 1.0 / 16, 20), Activation.LINEAR));
        AnnModel model = new AnnModel("qkeras_cnn", SIDE * SIDE, layers);
        double[][] x = new double[INPUTS][model.inputSize()];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                // on the grid of the dense code's 640 levels, which this model's plan takes
                row[i] = r.nextInt(4) == 0 ? 0 : r.nextInt(513) / 512.0;
            }
        }
        ConvertOptions options = ConvertOptions.defaults().withInputScale(1.0).withCalibration(x);
        Image image = Workload.compile(model, null, options, CompileOptions.defaults(), Coding.AUTO).image();
        ImageInfo info = ImageInfo.of(image);
        assertTrue(info.phaseCoded(), "seed " + seed);
        double[][] y = new EmulatorPredictor().readout(image, x, info.phase().pipelineSteps());
        double[][] quantized = FloatModel.predict(model, x);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(quantized[i], y[i], 0.0, "seed " + seed + ", input " + i);
        }
    }

    /** 8 x 8 x 1 -> conv 3 x 3 (F filters) -> max pool 2 x 2 -> dense 6 (input cast) -> 3 logits. */
    private static AnnModel model(Random r) {
        int filters = 2 + r.nextInt(3);
        GridRounding[] roundings = GridRounding.values();
        ValueQuantizer pre1 = ValueQuantizer.fixedPoint(true, 6 + r.nextInt(3), 3, roundings[r.nextInt(3)], r.nextBoolean());
        ValueQuantizer out1 = ValueQuantizer.fixedPoint(false, 4 + r.nextInt(3), 2, roundings[r.nextInt(3)], r.nextBoolean());
        ConvGeometry conv = ConvGeometry.keras(new int[] {SIDE, SIDE}, 1, new int[] {3, 3}, new int[] {1, 1}, false, filters);
        List<DenseLayer> layers = new ArrayList<>();
        layers.add(ConvLayers.conv("c1", conv, values(r, 9 * filters, 0.125, 8), values(r, filters, 1.0 / 32, 20),
                Activation.RELU, new LayerQuantizers(null, pre1, out1, null)));
        ConvGeometry pool = ConvGeometry.keras(new int[] {SIDE - 2, SIDE - 2}, filters,
                new int[] {2, 2}, new int[] {2, 2}, false, filters);
        layers.addAll(ConvLayers.maxPool("pool", pool));
        ValueQuantizer in2 = ValueQuantizer.fixedPoint(false, 5, 1, GridRounding.HALF_UP, true);
        ValueQuantizer pre2 = ValueQuantizer.fixedPoint(true, 8, 7, GridRounding.FLOOR, true);
        ValueQuantizer out2 = ValueQuantizer.fixedPoint(false, 6, 5, roundings[r.nextInt(3)], r.nextBoolean());
        layers.add(new DenseLayer("d2", kernel(r, pool.outUnits(), 6, 0.125, 8), values(r, 6, 0.25, 20),
                Activation.RELU, new LayerQuantizers(in2, pre2, out2, null)));
        ValueQuantizer logits = ValueQuantizer.fixedPoint(true, 10, 7, GridRounding.FLOOR, true);
        layers.add(new DenseLayer("out", kernel(r, 6, 3, 0.125, 16), values(r, 3, 1.0 / 16, 20), Activation.LINEAR,
                new LayerQuantizers(null, logits, null, null)));
        return new AnnModel("seeded_cnn", SIDE * SIDE, layers);
    }

    private static double[][] kernel(Random r, int rows, int cols, double grid, int maxSteps) {
        double[][] k = new double[rows][];
        for (int i = 0; i < rows; i++) {
            k[i] = values(r, cols, grid, maxSteps);
        }
        return k;
    }

    /** n values m x grid, m uniform in -maxSteps..maxSteps. */
    private static double[] values(Random r, int n, double grid, int maxSteps) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextInt(2 * maxSteps + 1) - maxSteps) * grid;
        }
        return v;
    }
}
