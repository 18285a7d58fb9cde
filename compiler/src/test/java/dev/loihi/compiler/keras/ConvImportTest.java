package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.common.LoihiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Convolutional Keras models through the real importer: the imported float model must compute
 * what a direct evaluation of the Keras layers computes (TensorFlow's padding, channels last,
 * batch norm unfolded, pools over the cells inside the input).
 */
class ConvImportTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    /** Seed, padding and strides vary; the chain has every layer kind a CNN uses. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldMatchAConv2DModelLayerByLayer(long seed) {
        String padding = seed % 2 == 0 ? "same" : "valid";
        int stride = seed % 3 == 0 ? 2 : 1;
        KerasTestModel m = new KerasTestModel(seed, 9, 8, 2)
                .conv("c1", 4, new int[] {3, 3}, new int[] {stride, stride}, padding, "linear")
                .batchNorm("bn1", true, true)
                .activation("a1", "relu")
                .pool("AveragePooling2D", "p1", new int[] {2, 2}, padding)
                .conv("c2", 3, new int[] {2, 3}, new int[] {1, 1}, "same", "relu")
                .dropout("d1")
                .flatten("f")
                .dense("out", 5, "softmax");
        assertImportsAsReference(m, 40);
    }

    /**
     * MobileNet's ReLU6, as a layer and as an activation name, in front of a max pool and after a
     * plain ReLU: inputs scaled so that a good share of units pass the cap.
     */
    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33})
    void shouldMatchAModelWithRelu6(long seed) throws Exception {
        KerasTestModel m = new KerasTestModel(seed, 8, 8, 2)
                .conv("c1", 6, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .relu6("r1")
                .pool("MaxPooling2D", "p1", new int[] {2, 2}, "valid")
                .conv("c2", 4, new int[] {3, 3}, new int[] {1, 1}, "valid", "relu")
                .activation("a2", "relu6")
                .flatten("f")
                .dense("d1", 12, "relu6")
                .dense("out", 3, "softmax");
        AnnModel model = load(m);
        assertEquals(Activation.RELU6, model.layers().get(0).activation());
        double[][] x = m.randomInputs(30);
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] *= 8;
            }
        }
        assertClose(m.reference(x), FloatModel.predict(model, x));
        boolean capped = false;
        for (double[] row : FloatModel.layerOutputs(model, x).get(0)) {
            capped |= java.util.Arrays.stream(row).anyMatch(v -> v == Activation.RELU6_CAP);
        }
        assertTrue(capped, "some units reach the cap");
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void shouldMatchAConv1DModelWithMaxPooling(long seed) {
        String padding = seed % 2 == 0 ? "same" : "valid";
        KerasTestModel m = new KerasTestModel(seed, 11, 3)
                .conv("c1", 4, new int[] {3}, new int[] {1}, "same", "relu")
                .pool("MaxPooling1D", "p1", new int[] {3}, padding)
                .conv("c2", 2, new int[] {2}, new int[] {2}, padding, "relu")
                .flatten("f")
                .dense("out", 3, "linear");
        assertImportsAsReference(m, 40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"same", "valid"})
    void shouldMatchTwoByTwoMaxPoolingAfterAReluActivation(String padding) {
        KerasTestModel m = new KerasTestModel(11, 7, 7, 1)
                .conv("c1", 3, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .activation("r", "relu")
                .pool("MaxPooling2D", "p1", new int[] {2, 2}, padding)
                .flatten("f")
                .dense("out", 4, "softmax");
        AnnModel model = assertImportsAsReference(m, 30);
        // two ReLU levels (4 and 2 units per window) before the pooled sum folds into "out"
        assertEquals("p1_max1", model.layers().get(1).name());
        assertEquals("p1_max2", model.layers().get(2).name());
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void shouldMatchGlobalPoolingOverEveryPosition(long seed) {
        boolean keepdims = seed % 2 == 0;
        KerasTestModel twoD = new KerasTestModel(seed, 6, 5, 2)
                .conv("c1", 3, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .globalPool("GlobalAveragePooling2D", "g", keepdims);
        if (keepdims) {
            twoD.flatten("f");
        }
        assertImportsAsReference(twoD.dense("out", 4, "softmax"), 30);
        KerasTestModel oneD = new KerasTestModel(seed, 9, 2)
                .conv("c1", 4, new int[] {3}, new int[] {1}, "valid", "relu")
                .globalPool("GlobalMaxPooling1D", "g", false)
                .dense("out", 3, "linear");
        AnnModel model = assertImportsAsReference(oneD, 30);
        // 7 positions: a ReLU tree of three levels, then the maximum as their sum
        assertEquals(List.of("c1", "g_max1", "g_max2", "g_max3", "g", "out"), model.layers().stream().map(DenseLayer::name).toList());
    }

    /** Multiplier, padding, strides and bias vary; a depthwise layer then the layers a CNN puts after it. */
    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43, 44})
    void shouldMatchADepthwiseConv2DModel(long seed) {
        String padding = seed % 2 == 0 ? "same" : "valid";
        int stride = seed % 3 == 0 ? 2 : 1;
        int multiplier = seed < 43 ? 1 : 2;
        KerasTestModel m = new KerasTestModel(seed, 8, 7, 3)
                .depthwise("dw", multiplier, 0, new int[] {3, 3}, new int[] {stride, stride}, padding, "relu", seed != 44)
                .conv("pw", 4, new int[] {1, 1}, new int[] {1, 1}, "valid", "relu")
                .flatten("f")
                .dense("out", 4, "softmax");
        AnnModel model = assertImportsAsReference(m, 30);
        assertNotNull(model.layers().get(0).window(), "kept as a window layer, so it can share weights");
    }

    /** A separable convolution is one convolution with the depthwise and pointwise kernels' product. */
    @ParameterizedTest
    @ValueSource(longs = {51, 52, 53})
    void shouldMatchSeparableConvolutionsIn1DAnd2D(long seed) {
        String padding = seed % 2 == 0 ? "same" : "valid";
        KerasTestModel twoD = new KerasTestModel(seed, 7, 6, 2)
                .depthwise("sep", (int) (seed % 3) + 1, 5, new int[] {3, 2}, new int[] {1, 2}, padding, "relu", true)
                .globalPool("GlobalAveragePooling2D", "g", false)
                .dense("out", 3, "softmax");
        assertImportsAsReference(twoD, 30);
        KerasTestModel oneD = new KerasTestModel(seed, 12, 3)
                .depthwise("sep", 2, 4, new int[] {3}, new int[] {1}, padding, "relu", seed != 52)
                .depthwise("dw", 1, 0, new int[] {2}, new int[] {2}, "valid", "relu", true)
                .flatten("f")
                .dense("out", 3, "linear");
        assertImportsAsReference(oneD, 30);
    }

    /** Zeros around the grid fold into the next convolution's window, in every config form Keras writes. */
    @ParameterizedTest
    @ValueSource(strings = {"pairs", "ints", "int"})
    void shouldFoldZeroPaddingIntoTheNextConvolution(String form) {
        int[][] pads = form.equals("pairs") ? new int[][] {{2, 0}, {1, 3}} : form.equals("ints")
                ? new int[][] {{1, 1}, {2, 2}} : new int[][] {{1, 1}, {1, 1}};
        KerasTestModel m = new KerasTestModel(61, 6, 5, 2)
                .zeroPadding("zp", pads, form)
                .conv("c1", 3, new int[] {3, 3}, new int[] {2, 1}, "valid", "relu")
                .zeroPadding("zp2", new int[][] {{1, 1}, {1, 1}}, "int")
                .dropout("d")
                .zeroPadding("zp3", new int[][] {{0, 1}, {1, 0}}, "pairs")
                .depthwise("dw", 1, 0, new int[] {3, 3}, new int[] {1, 1}, "same", "relu", true)
                .flatten("f")
                .dense("out", 4, "softmax");
        AnnModel model = assertImportsAsReference(m, 30);
        assertEquals(List.of("c1", "dw", "out"), model.layers().stream().map(DenseLayer::name).toList());
        KerasTestModel oneD = new KerasTestModel(62, 9, 2)
                .zeroPadding("zp", new int[][] {{3, 1}}, "pairs")
                .conv("c1", 3, new int[] {4}, new int[] {2}, "same", "relu")
                .flatten("f")
                .dense("out", 3, "linear");
        assertImportsAsReference(oneD, 30);
    }

    /** Keras applies a Dense on a grid at every position: a 1 x 1 convolution with its kernel. */
    @ParameterizedTest
    @ValueSource(longs = {71, 72})
    void shouldApplyADenseOnAGridAtEveryPosition(long seed) {
        KerasTestModel twoD = new KerasTestModel(seed, 5, 4, 3)
                .conv("c1", 4, new int[] {2, 2}, new int[] {1, 1}, "same", "relu")
                .dense("mix", 6, "relu")
                .flatten("f")
                .dense("out", 3, "softmax");
        AnnModel model = assertImportsAsReference(twoD, 30);
        assertNotNull(model.layers().get(1).window(), "a window layer, so it can share weights");
        KerasTestModel oneD = new KerasTestModel(seed, 7, 2)
                .dense("mix", 5, "relu")
                .globalPool("GlobalAveragePooling1D", "g", false)
                .dense("out", 3, "linear");
        assertImportsAsReference(oneD, 30);
        KerasTestModel softmax = new KerasTestModel(seed, 7, 2).dense("mix", 5, "softmax");
        LoihiException e = assertThrows(LoihiException.class, () -> load(softmax));
        assertEquals(CompilerErrors.KERAS_UNSUPPORTED_LAYER, e.code());
        assertTrue(e.getMessage().contains("layer=mix") && e.getMessage().contains("softmax"), e.getMessage());
    }

    @Test
    void shouldRefuseZeroPaddingThatNoConvolutionFollows() {
        KerasTestModel pooled = new KerasTestModel(63, 6, 6, 1)
                .conv("c1", 2, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .zeroPadding("zp", new int[][] {{1, 1}, {1, 1}}, "int")
                .pool("MaxPooling2D", "p", new int[] {2, 2}, "valid")
                .flatten("f")
                .dense("out", 2, "linear");
        LoihiException e = assertThrows(LoihiException.class, () -> load(pooled));
        assertEquals(CompilerErrors.KERAS_UNSUPPORTED_LAYER, e.code());
        assertTrue(e.getMessage().contains("layer=zp") && e.getMessage().contains("next=p, class=MaxPooling2D"),
                e.getMessage());
        KerasTestModel flat = new KerasTestModel(64, 6, 6, 1)
                .zeroPadding("zp", new int[][] {{1, 1}, {1, 1}}, "int")
                .flatten("f")
                .dense("out", 2, "linear");
        e = assertThrows(LoihiException.class, () -> load(flat));
        assertTrue(e.getMessage().contains("next=f, class=Flatten"), e.getMessage());
    }

    @Test
    void shouldRefuseMalformedPaddingAndDilation() {
        assertFirstLayerRefused(m -> m.zeroPadding("zp", new int[][] {{1, 1}, {1, 1}}, "int"),
                c -> c.put("padding", -1), CompilerErrors.KERAS_BAD_CONFIG, "malformed padding: layer=zp");
        assertFirstLayerRefused(m -> m.depthwise("dw", 1, 0, new int[] {3, 3}, new int[] {1, 1}, "same", "relu", true),
                c -> c.putArray("dilation_rate").add(-2).add(2), CompilerErrors.KERAS_BAD_CONFIG, "malformed dilation_rate");
    }

    /** Dilated depthwise and separable convolutions import as the reference computes them (tap k at k x dilation). */
    @ParameterizedTest
    @ValueSource(longs = {51, 52, 53, 54})
    void shouldMatchDilatedDepthwiseAndSeparableConvolutions(long seed) {
        String padding = seed % 2 == 0 ? "same" : "valid";
        int d = 2 + (int) (seed % 2);
        KerasTestModel m = new KerasTestModel(seed, 12, 11, 3)
                .depthwise("dw1", 2, 0, new int[] {3, 3}, new int[] {1, 1}, new int[] {d, 2}, padding, "relu", true)
                .depthwise("sep2", 1, 4, new int[] {3, 2}, new int[] {1, 1}, new int[] {2, d}, "same", "relu", seed % 3 != 0)
                .flatten("f")
                .dense("out", 3, "softmax");
        assertImportsAsReference(m, 30);
        KerasTestModel series = new KerasTestModel(seed, 20, 2)
                .depthwise("sep1", 2, 4, new int[] {3}, new int[] {1}, new int[] {d}, padding, "relu", true)
                .flatten("f")
                .dense("out", 3, "softmax");
        assertImportsAsReference(series, 30);
    }

    /**
     * A QConv2D is a Conv2D whose kernel and bias went through their quantizers, its activation a
     * quantizer: each expanded weight is the quantized weight of the same Conv2D.
     */
    @Test
    void shouldQuantizeAQConv2DsKernelAndBias() throws Exception {
        KerasTestModel plain = new KerasTestModel(31, 5, 5, 2)
                .conv("c1", 3, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .flatten("f")
                .dense("out", 2, "linear");
        KerasTestModel quantized = new KerasTestModel(31, 5, 5, 2)
                .conv("c1", 3, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .flatten("f")
                .dense("out", 2, "linear");
        quantized.firstLayerEntry().put("class_name", "QConv2D");
        ObjectNode c = quantized.firstLayerConfig();
        c.set("kernel_quantizer", QKerasTestModel.quantizer("quantized_bits", "bits", 6, "integer", 0, "alpha", 1));
        c.set("bias_quantizer", QKerasTestModel.quantizer("quantized_bits", "bits", 6, "integer", 0, "alpha", 1));
        c.set("activation", QKerasTestModel.quantizer("quantized_relu", "bits", 4, "integer", 1));
        DenseLayer p = load(plain).layers().get(0);
        DenseLayer q = load(quantized).layers().get(0);
        assertEquals(Activation.RELU, q.activation());
        assertEquals("quantized_relu(4,1)", q.quantizers().afterActivation().describe());
        assertTrue(q.quantizers().quantizedWeights(), q.quantizers().toString());
        int changed = 0;
        for (int i = 0; i < p.kernel().length; i++) {
            for (int j = 0; j < p.kernel()[i].length; j++) {
                double w = p.kernel()[i][j];
                double expected = Math.max(-1, Math.min(1 - 1.0 / 32, Math.rint(w * 32) / 32));
                assertEquals(w == 0 ? 0 : expected, q.kernel()[i][j], 0.0, "weight " + i + ", " + j);
                changed += expected != w ? 1 : 0;
            }
        }
        assertTrue(changed > 0, "the quantizer moved some weight");
        for (int j = 0; j < p.bias().length; j++) {
            assertEquals(Math.max(-1, Math.min(1 - 1.0 / 32, Math.rint(p.bias()[j] * 32) / 32)), q.bias()[j], 0.0, "bias " + j);
        }
    }

    /**
     * A QConv1D's activation as a QDense's, whatever it is: "relu", a quantized_relu, a
     * quantized_bits that keeps negatives (the pre-activation's quantizer) or one that does not
     * (a ReLU with its output quantizer), as a dict or as its string.
     */
    @Test
    void shouldTakeAQConv1DsActivationAsAQDenseDoes() throws Exception {
        Object[] activations = {"relu", "linear", QKerasTestModel.quantizer("quantized_relu", "bits", 4, "integer", 1),
                "quantized_relu(3,0)", QKerasTestModel.quantizer("quantized_bits", "bits", 6, "integer", 2, "alpha", 1),
                QKerasTestModel.quantizer("quantized_bits", "bits", 4, "integer", 0, "keep_negative", false, "alpha", 1)};
        ObjectNode weights = QKerasTestModel.quantizer("quantized_bits", "bits", 8, "integer", 1, "alpha", 1);
        for (Object activation : activations) {
            KerasTestModel conv = new KerasTestModel(41, 6, 2)
                    .conv("c1", 3, new int[] {3}, new int[] {1}, "valid", "linear")
                    .flatten("f")
                    .dense("out", 2, "linear");
            conv.firstLayerEntry().put("class_name", "QConv1D");
            ObjectNode c = conv.firstLayerConfig();
            c.set("kernel_quantizer", weights);
            c.set("bias_quantizer", weights);
            if (activation instanceof ObjectNode node) {
                c.set("activation", node);
            } else {
                c.put("activation", activation.toString());
            }
            QKerasTestModel dense = new QKerasTestModel(6, 41).qDense("d1", 4, weights, weights, 1.0)
                    .withActivation(activation)
                    .qDense("out", 2, weights, weights, 1.0);
            Path[] pair = dense.writeJsonAndWeights(dir);
            DenseLayer d = KerasImporter.load(pair[0], pair[1]).layers().get(0);
            DenseLayer q = load(conv).layers().get(0);
            assertEquals(d.activation(), q.activation(), activation.toString());
            assertEquals(describe(d.quantizers().beforeActivation()), describe(q.quantizers().beforeActivation()),
                    activation.toString());
            assertEquals(describe(d.quantizers().afterActivation()), describe(q.quantizers().afterActivation()),
                    activation.toString());
            assertEquals(d.quantizers().weightQuantizer(), q.quantizers().weightQuantizer(), activation.toString());
        }
    }

    private static String describe(ValueQuantizer q) {
        return q == null ? null : q.describe();
    }

    @Test
    void shouldReshapeAFlatInputIntoAnImage() {
        KerasTestModel m = new KerasTestModel(12L, 36)
                .reshape("r", 6, 6, 1)
                .conv("c1", 2, new int[] {3, 3}, new int[] {1, 1}, "valid", "relu")
                .flatten("f")
                .dense("out", 3, "softmax");
        AnnModel model = assertImportsAsReference(m, 20);
        assertEquals(36, model.inputSize());
        assertNotNull(model.layers().get(0).window());
        assertEquals("3x3/1x1 6x6x1->4x4x2", model.layers().get(0).window().describe());
    }

    @Test
    void shouldImportTheSameModelFromEveryFileForm() throws Exception {
        KerasTestModel m = new KerasTestModel(13, 8, 8, 1)
                .conv("c1", 3, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .pool("AveragePooling2D", "p1", new int[] {2, 2}, "valid")
                .flatten("f")
                .dense("out", 4, "softmax");
        Path json = Files.writeString(dir.resolve("m.json"), m.json());
        Path weights = dir.resolve("w.h5");
        m.writeWeights(weights);
        Path full = dir.resolve("m.h5");
        m.writeFullModel(full);
        Path archive = dir.resolve("m.keras");
        Files.createDirectories(dir.resolve("scratch"));
        m.writeKerasArchive(archive, dir.resolve("scratch"));

        AnnModel fromJson = KerasImporter.load(json, weights);
        assertTrue(fromJson.sameAs(KerasImporter.load(full, null)), "full-model HDF5");
        assertTrue(fromJson.sameAs(KerasImporter.load(archive, null)), "Keras 3 archive");
        double[][] x = m.randomInputs(10);
        assertClose(m.reference(x), FloatModel.predict(fromJson, x));
    }

    /**
     * Dilated Conv2D and Conv1D (TCN / WaveNet style, causal padding on the Conv1D) import as the
     * reference computes them directly: tap k of output o reads input o x stride - pad + k x dilation,
     * padding and output size from the dilated span as TensorFlow takes them.
     */
    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43, 44, 45, 46})
    void shouldMatchDilatedAndCausalConvolutions(long seed) {
        String padding = seed % 2 == 0 ? "same" : "valid";
        int d = 2 + (int) (seed % 2);
        KerasTestModel image = new KerasTestModel(seed, 11, 10, 2)
                .conv("c1", 3, new int[] {3, 3}, new int[] {1, 1}, new int[] {d, seed % 3 == 0 ? 1 : d}, padding, "relu")
                .conv("c2", 4, new int[] {2, 3}, new int[] {seed % 3 == 0 ? 2 : 1, 1}, "same", "relu")
                .flatten("f")
                .dense("out", 3, "softmax");
        assertImportsAsReference(image, 30);
        String sequence = seed % 3 == 0 ? padding : "causal";
        KerasTestModel series = new KerasTestModel(seed, 24, 3)
                .conv("t1", 4, new int[] {3}, new int[] {1}, new int[] {1}, "causal", "relu")
                .conv("t2", 4, new int[] {3}, new int[] {1}, new int[] {d}, sequence, "relu")
                .conv("t3", 5, new int[] {2}, new int[] {seed % 2 == 0 ? 2 : 1}, new int[] {2 * d}, "causal", "relu")
                .flatten("f")
                .dense("out", 4, "softmax");
        assertImportsAsReference(series, 30);
    }

    /**
     * A QAveragePooling2D multiplies the window's sum by its quantized 1 / cells: with
     * quantized_bits(4, 0, 1), 1/9 becomes 1/8 (a 3 x 3 window averages 9/8 too high), and 1/4
     * stays exact; a padded window divides by the cells inside, as TensorFlow does.
     */
    @ParameterizedTest
    @ValueSource(longs = {61, 62, 63})
    void shouldScaleAQAveragePoolByItsQuantizedDivision(long seed) {
        String padding = seed % 2 == 0 ? "same" : "valid";
        KerasTestModel m = new KerasTestModel(seed, 10, 11, 2)
                .conv("c1", 4, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .qAveragePool("p1", new int[] {3, 3}, padding, "quantized_bits(4,0,1)", 9 * 0.125)
                .conv("c2", 3, new int[] {2, 2}, new int[] {1, 1}, "same", "relu")
                .qAveragePool("p2", new int[] {2, 2}, "valid", "quantized_bits(4,0,1)", 1.0)
                .flatten("f")
                .dense("out", 3, "softmax");
        assertImportsAsReference(m, 30);
    }

    @Test
    void shouldRefuseAnActivationOnAQAveragePool() {
        KerasTestModel m = new KerasTestModel(7, 6, 6, 1)
                .conv("c1", 2, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .qAveragePool("p1", new int[] {2, 2}, "valid", "quantized_bits(4,0,1)", 1.0)
                .flatten("f")
                .dense("out", 2, "softmax");
        m.layerConfig(1).put("activation", "quantized_relu(4,0)");
        assertRefused(m, CompilerErrors.KERAS_UNSUPPORTED_LAYER, "an activation on an average pool");
    }

    @Test
    void shouldRefuseCausalPaddingOnAConv2DAndABadDilation() {
        assertRefused(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "padding=causal", c -> c.put("padding", "causal"));
        assertRefused(CompilerErrors.KERAS_BAD_CONFIG, "malformed dilation_rate", c -> c.putArray("dilation_rate").add(0).add(1));
    }

    @Test
    void shouldRefuseChannelsFirst() {
        assertRefused(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "data_format=channels_first", c -> c.put("data_format", "channels_first"));
    }

    @Test
    void shouldRefuseCausalPadding() {
        assertRefused(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "padding=causal", c -> c.put("padding", "causal"));
    }

    @Test
    void shouldRefuseAKernelOfAnotherShape() {
        assertRefused(CompilerErrors.KERAS_SHAPE_MISMATCH, "expected=[5, 5, 1, 2]", c -> c.putArray("kernel_size").add(5).add(5));
    }

    @Test
    void shouldRefuseMaxPoolingAfterALinearLayer() throws Exception {
        KerasTestModel m = new KerasTestModel(14, 6, 6, 1)
                .conv("c1", 2, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .pool("MaxPooling2D", "p1", new int[] {2, 2}, "valid")
                .flatten("f")
                .dense("out", 2, "softmax");
        LoihiException e = assertThrows(LoihiException.class, () -> load(m));
        assertEquals(CompilerErrors.KERAS_UNSUPPORTED_LAYER, e.code());
        assertTrue(e.getMessage().contains("layer=p1"), e.getMessage());
    }

    @Test
    void shouldRefuseAConvolutionOnAFlatInput() throws Exception {
        KerasTestModel m = new KerasTestModel(15L, 6, 6, 1).flatten("f").dense("h", 4, "relu");
        m.layer("Conv1D", "c").put("filters", 2).putArray("kernel_size").add(3);
        LoihiException e = assertThrows(LoihiException.class, () -> load(m));
        assertEquals(CompilerErrors.KERAS_BAD_CONFIG, e.code());
        assertTrue(e.getMessage().contains("input=[4]"), e.getMessage());
    }

    /** A model whose first layer {@code first} adds, its config edited by {@code edit}, is refused. */
    private void assertFirstLayerRefused(Consumer<KerasTestModel> first, Consumer<ObjectNode> edit, String code,
                                         String detail) {
        KerasTestModel m = new KerasTestModel(65, 6, 6, 1);
        first.accept(m);
        m.conv("c1", 2, new int[] {3, 3}, new int[] {1, 1}, "same", "relu").flatten("f").dense("out", 2, "softmax");
        edit.accept(m.firstLayerConfig());
        LoihiException e = assertThrows(LoihiException.class, () -> load(m));
        assertEquals(code, e.code());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    private void assertRefused(String code, String detail, Consumer<ObjectNode> edit) {
        KerasTestModel m = new KerasTestModel(16, 6, 6, 1)
                .conv("c1", 2, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .flatten("f")
                .dense("out", 2, "softmax");
        edit.accept(m.firstLayerConfig());
        LoihiException e = assertThrows(LoihiException.class, () -> load(m));
        assertEquals(code, e.code());
        assertTrue(e.getMessage().contains(detail) && e.getMessage().contains("layer=c1"), e.getMessage());
    }

    private AnnModel assertImportsAsReference(KerasTestModel m, int samples) {
        AnnModel model;
        try {
            model = load(m);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        double[][] x = m.randomInputs(samples);
        assertClose(m.reference(x), FloatModel.predict(model, x));
        return model;
    }

    private AnnModel load(KerasTestModel m) throws Exception {
        Path json = Files.writeString(dir.resolve("m.json"), m.json());
        Path weights = dir.resolve("w.h5");
        Files.deleteIfExists(weights);
        m.writeWeights(weights);
        return KerasImporter.load(json, weights);
    }

    private static void assertClose(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual[r].length, "width of row " + r);
            for (int j = 0; j < expected[r].length; j++) {
                double scale = Math.max(1.0, Math.abs(expected[r][j]));
                assertEquals(expected[r][j], actual[r][j], TOLERANCE * scale, "row " + r + ", output " + j);
            }
        }
    }

    /**
     * Keras's preprocessing and inference-identity layers: Rescaling at the input (a padded
     * convolution's border taps see the zeros Keras pads after it), Normalization between two
     * convolutions (statistics in the weights or, as Keras 3 writes them, in the config; inverted
     * on one seed), GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization and
     * Identity, and a Softmax layer after a linear Dense.
     */
    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43, 44})
    void shouldFoldRescalingAndNormalization(long seed) {
        KerasTestModel m = new KerasTestModel(seed, 7, 6, 3)
                .rescaling("scale", 1 / 8.0, -0.5, seed % 2 == 0)
                .conv("c1", 4, new int[] {3, 3}, new int[] {1, 1}, "same", "relu");
        m.layer("GaussianNoise", "noise").put("stddev", 0.1);
        m.normalization("norm", seed >= 43, seed == 43)
                .conv("c2", 3, new int[] {3, 3}, new int[] {1, 1}, seed % 2 == 0 ? "same" : "valid", "relu");
        m.layer("GaussianDropout", "gd").put("rate", 0.2);
        m.layer("AlphaDropout", "ad").put("rate", 0.2);
        m.layer("ActivityRegularization", "ar").put("l1", 0.01);
        m.layer("Identity", "id");
        m.flatten("f").dense("out", 4, "linear").softmax("sm");
        double[][] x = m.randomInputs(20);
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = 4 + 4 * row[i];
            }
        }
        AnnModel model;
        try {
            model = load(m);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(Activation.SOFTMAX, model.outputLayer().activation());
        assertClose(m.reference(x), FloatModel.predict(model, x));
    }

    /**
     * LeakyReLU in every spelling (a layer with Keras 2's alpha or Keras 3's negative_slope, a
     * ReLU layer with a slope, the "leaky_relu" activation of a layer or an Activation), before a
     * batch norm, an average pool, a convolution and a Dense: each leaky layer is split into a
     * ReLU of z and one of -z, twice its units, and the next layer recombines them exactly.
     */
    @ParameterizedTest
    @ValueSource(longs = {61, 62, 63, 64})
    void shouldMatchModelsWithLeakyRelu(long seed) throws Exception {
        String spelling = new String[] {"alpha", "negative_slope", "ReLU", "alpha"}[(int) (seed % 4)];
        KerasTestModel m = new KerasTestModel(seed, 8, 7, 2)
                .conv("c1", 4, new int[] {3, 3}, new int[] {1, 1}, seed % 2 == 0 ? "same" : "valid", "linear")
                .leakyRelu("l1", 0.1 + 0.1 * (seed % 3), spelling);
        if (seed % 2 == 0) {
            m.batchNorm("bn", true, true);
        }
        m.pool("AveragePooling2D", "p1", new int[] {2, 2}, "same")
                .conv("c2", 3, new int[] {2, 2}, new int[] {1, 1}, "valid", "leaky_relu")
                .flatten("f")
                .dense("d1", 6, "linear");
        if (seed == 64) {
            m.activation("a1", "leaky_relu");
        } else {
            m.leakyRelu("l2", 0.3, spelling);
        }
        m.dense("out", 3, "softmax");
        AnnModel model = load(m);
        assertEquals(2 * 4, model.layers().get(0).window().outChannels(), "c1 split by sign");
        assertEquals(Activation.RELU, model.layers().get(0).activation());
        double[][] x = m.randomInputs(25);
        assertClose(m.reference(x), FloatModel.predict(model, x));
    }

    /**
     * A max pool after a LeakyReLU: each half pooled on its own, the positive one to its maximum,
     * the negative one to its minimum (max leaky(z) = leaky(max z)); then a batch norm, a global max
     * pool after a second split layer, and a Dense.
     */
    @ParameterizedTest
    @ValueSource(longs = {71, 72, 73})
    void shouldMaxPoolAfterALeakyRelu(long seed) throws Exception {
        KerasTestModel m = new KerasTestModel(seed, 9, 8, 2)
                .conv("c1", 3, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .leakyRelu("l1", 0.2, "alpha")
                .pool("MaxPooling2D", "mp", new int[] {2, 2}, seed == 72 ? "same" : "valid")
                .batchNorm("bn", true, true)
                .conv("c2", 4, new int[] {2, 2}, new int[] {1, 1}, "valid", "leaky_relu")
                .globalPool("GlobalMaxPooling2D", "gmp", false)
                .dense("out", 3, "softmax");
        AnnModel model = load(m);
        double[][] x = m.randomInputs(25);
        assertClose(m.reference(x), FloatModel.predict(model, x));
    }

    /**
     * The split layer read directly by a convolution (a window of twice the channels), by a Dense at
     * every position and by a global average pool; a LeakyReLU with no slope in its config takes
     * Keras's 0.3; a LeakyReLU after a Flatten splits the whole width.
     */
    @ParameterizedTest
    @ValueSource(longs = {74, 75})
    void shouldReadTheSplitLayerThroughAnyWindow(long seed) throws Exception {
        KerasTestModel m = new KerasTestModel(seed, 7, 6, 2)
                .conv("c1", 3, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .leakyRelu("l1", 0.3, "alpha");
        m.config("l1").remove("alpha");
        m.conv("c2", 4, new int[] {3, 2}, new int[] {2, 1}, seed == 74 ? "same" : "valid", "linear")
                .leakyRelu("l2", 0.15, "negative_slope")
                .dense("grid", 3, "linear")
                .leakyRelu("l3", 0.25, "ReLU")
                .globalPool("GlobalAveragePooling2D", "gap", false)
                .dense("d", 5, "linear")
                .leakyRelu("l4", 0.1, "alpha")
                .dense("out", 3, "softmax");
        AnnModel model = load(m);
        assertEquals(6, model.layers().get(1).window().inChannels(), "c2 reads 2 x 3 channels");
        double[][] x = m.randomInputs(25);
        assertClose(m.reference(x), FloatModel.predict(model, x));
        KerasTestModel flat = new KerasTestModel(seed, 5, 4, 2).conv("c", 3, new int[] {2, 2}, new int[] {1, 1},
                "valid", "linear").flatten("f");
        flat.layer("Dropout", "drop").put("rate", 0.1);
        flat.leakyRelu("l", 0.2, "alpha").dense("out", 3, "softmax");
        AnnModel flatModel = load(flat);
        assertNull(flatModel.layers().get(0).window(), "a split over the whole width is no window's layout");
        double[][] y = flat.randomInputs(10);
        assertClose(flat.reference(y), FloatModel.predict(flatModel, y));
    }

    /** Keras 3's Normalization config holds plain lists; with axis None one statistic serves every channel. */
    @Test
    void shouldFoldNormalizationFromPlainListsAndOneStatistic() throws Exception {
        KerasTestModel lists = new KerasTestModel(76, 6, 5, 3).normalization("norm", true, false)
                .conv("c1", 2, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .flatten("f").dense("out", 3, "softmax");
        com.fasterxml.jackson.databind.node.ObjectNode c = lists.firstLayerConfig();
        c.set("mean", c.get("mean").get("config").get("value"));
        c.set("variance", c.get("variance").get("config").get("value"));
        double[][] x = lists.randomInputs(10);
        assertClose(lists.reference(x), FloatModel.predict(load(lists), x));
        // axis None: one mean and variance for all three channels, against the same model fed (x - 0.5) / 2
        KerasTestModel scalar = new KerasTestModel(77, 6, 5, 3).conv("c1", 2, new int[] {3, 3}, new int[] {1, 1},
                "same", "relu").flatten("f").dense("out", 3, "softmax");
        AnnModel plain = load(scalar);
        ObjectNode norm = scalar.prependLayer("Normalization", "norm");
        norm.putNull("axis").put("invert", false);
        norm.putArray("mean").add(0.5);
        norm.putArray("variance").add(4.0);
        AnnModel normalized = load(scalar);
        double[][] y = scalar.randomInputs(10);
        double[][] shifted = new double[y.length][];
        for (int r = 0; r < y.length; r++) {
            shifted[r] = java.util.Arrays.stream(y[r]).map(v -> (v - 0.5) / 2.0).toArray();
        }
        assertClose(FloatModel.predict(plain, shifted), FloatModel.predict(normalized, y));
    }

    /** What a LeakyReLU cannot be split for ends in one line naming the layer. */
    @Test
    void shouldRefuseLeakyReluWhereItDoesNotSplit() {
        assertRefused(new KerasTestModel(66, 6).dense("h", 4, "relu").leakyRelu("l", 0.1, "alpha")
                .dense("out", 3, "softmax"), CompilerErrors.KERAS_UNSUPPORTED_LAYER, "right after a linear Dense");
        assertRefused(new KerasTestModel(67, 6).dense("h", 4, "linear").dense("out", 3, "linear")
                .leakyRelu("l", 0.1, "negative_slope"), CompilerErrors.KERAS_UNSUPPORTED_LAYER, "LeakyReLU on the last layer");
        assertRefused(new KerasTestModel(68, 6).dense("h", 4, "linear").leakyRelu("l", 0.1, "alpha").relu("r")
                .dense("out", 3, "softmax"), CompilerErrors.KERAS_UNSUPPORTED_LAYER, "an activation after a LeakyReLU");
        KerasTestModel capped = new KerasTestModel(69, 6).dense("h", 4, "linear").leakyRelu("l", 0.1, "ReLU")
                .dense("out", 3, "softmax");
        capped.config("l").put("max_value", 6.0);
        assertRefused(capped, CompilerErrors.KERAS_UNSUPPORTED_LAYER, "only a plain ReLU");
    }

    /** Normalization with one statistic for every value (axis None), as the model's first layer. */
    @Test
    void shouldFoldAScalarNormalization() throws Exception {
        KerasTestModel m = new KerasTestModel(45, 6, 5, 1).normalization("norm", true, false)
                .conv("c1", 2, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .flatten("f").dense("out", 3, "softmax");
        m.firstLayerConfig().putNull("axis");
        double[][] x = m.randomInputs(10);
        assertClose(m.reference(x), FloatModel.predict(load(m), x));
    }

    /** What the preprocessing layers cannot fold ends in one line naming the layer. */
    @Test
    void shouldRefusePreprocessingLayersThatDoNotFold() {
        assertRefused(new KerasTestModel(46, 6, 6, 2).rescaling("r", 2, 0, false).flatten("f")
                .dense("out", 3, "softmax").rescaling("late", 2, 1, false), CompilerErrors.KERAS_UNSUPPORTED_LAYER, "Rescaling after the last Dense");
        KerasTestModel wrongLength = new KerasTestModel(47, 6, 6, 2).rescaling("r", 2, 0, true)
                .conv("c", 2, new int[] {3, 3}, new int[] {1, 1}, "same", "relu").flatten("f").dense("out", 3, "softmax");
        wrongLength.firstLayerConfig().putArray("scale").add(1).add(2).add(3);
        assertRefused(wrongLength, CompilerErrors.KERAS_SHAPE_MISMATCH, "layer=r, values=3, channels=2");
        KerasTestModel text = new KerasTestModel(48, 6, 6, 2).rescaling("r", 2, 0, false).flatten("f")
                .dense("out", 3, "softmax");
        text.firstLayerConfig().put("scale", "half");
        assertRefused(text, CompilerErrors.KERAS_BAD_CONFIG, "layer=r, class=Rescaling, scale=\"half\"");
        KerasTestModel axis = new KerasTestModel(49, 6, 6, 2).normalization("n", true, false).flatten("f")
                .dense("out", 3, "softmax");
        axis.firstLayerConfig().putArray("axis").add(1);
        assertRefused(axis, CompilerErrors.KERAS_UNSUPPORTED_LAYER, "only normalization over the last");
        KerasTestModel negative = new KerasTestModel(50, 6, 6, 2).normalization("n", true, false).flatten("f")
                .dense("out", 3, "softmax");
        ((com.fasterxml.jackson.databind.node.ArrayNode) negative.firstLayerConfig().get("variance").get("config")
                .get("value")).set(1, -1.0);
        assertRefused(negative, CompilerErrors.KERAS_NONFINITE, "layer=n, index=[1]");
        KerasTestModel softmaxAxis = new KerasTestModel(51, 6, 6, 2).conv("c", 2, new int[] {3, 3}, new int[] {1, 1},
                "same", "linear");
        softmaxAxis.layer("Softmax", "sm").putArray("axis").add(1);
        softmaxAxis.flatten("f").dense("out", 3, "softmax");
        assertRefused(softmaxAxis, CompilerErrors.KERAS_UNSUPPORTED_LAYER, "softmax over an axis other than the last");
        KerasTestModel softmaxGrid = new KerasTestModel(52, 4, 4, 2).conv("c", 3, new int[] {3, 3}, new int[] {1, 1},
                "same", "linear").softmax("sm");
        assertRefused(softmaxGrid, CompilerErrors.KERAS_UNSUPPORTED_LAYER, "softmax at every position of a grid");
        assertRefused(new KerasTestModel(53, 4, 4, 2).conv("c", 3, new int[] {3, 3}, new int[] {1, 1}, "same",
                "softmax"), CompilerErrors.KERAS_UNSUPPORTED_LAYER, "softmax at every position of a grid");
    }

    private void assertRefused(KerasTestModel m, String code, String detail) {
        LoihiException e = assertThrows(LoihiException.class, () -> load(m));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void shouldKeepNoWindowForADenseModel() {
        KerasTestModel m = new KerasTestModel(17, 5).dense("h", 4, "relu").dense("out", 2, "linear");
        assertNull(assertImportsAsReference(m, 5).layers().get(0).window());
    }
}
