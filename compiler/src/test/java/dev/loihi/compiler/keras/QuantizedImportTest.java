package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.common.LoihiException;
import io.jhdf.HdfFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QKeras, binary/ternary and HGQ models import with their quantizers, and the float reference is
 * the quantized model: checked against the quantizer arithmetic written out here independently.
 */
class QuantizedImportTest {
    @TempDir
    Path dir;

    /** quantized_bits(bits, integer, 0, alpha=1) by its definition: 2^i clip(rint(w 2^(b-1-i)), -2^(b-1), 2^(b-1) - 1) / 2^(b-1). */
    private static double quantizedBits(double w, int bits, int integer) {
        double m = Math.scalb(1.0, bits - 1);
        double steps = Math.rint(w * m / Math.scalb(1.0, integer));
        return Math.scalb(1.0, integer) * Math.max(-m, Math.min(m - 1, steps)) / m;
    }

    /** quantized_relu(bits, integer): 2^i clip(rint(x 2^(b-i)) / 2^b, 0, 1 - 2^-b). */
    private static double quantizedRelu(double x, int bits, int integer) {
        double m = Math.scalb(1.0, bits);
        double mi = Math.scalb(1.0, integer);
        return mi * Math.max(0, Math.min(1 - 1 / m, Math.rint(x * m / mi) / m));
    }

    private static QKerasTestModel twoLayers(long seed) {
        return new QKerasTestModel(6, seed)
                .qDense("fc1", 8, QKerasTestModel.quantizer("quantized_bits", "bits", 5, "integer", 1, "alpha", 1),
                        QKerasTestModel.quantizer("quantized_bits", "bits", 5, "integer", 1, "alpha", 1), 1.5)
                .qActivation("relu1", QKerasTestModel.quantizer("quantized_relu", "bits", 4, "integer", 1))
                .qDense("out", 3, QKerasTestModel.quantizer("quantized_bits", "bits", 6, "integer", 0, "alpha", 1),
                        QKerasTestModel.quantizer("quantized_bits", "bits", 6, "integer", 0, "alpha", 1), 1.0)
                .activation("softmax", "softmax");
    }

    @Test
    void shouldImportTheSameQuantizedModelFromAllThreeForms() throws Exception {
        QKerasTestModel q = twoLayers(3);
        Path[] pair = q.writeJsonAndWeights(dir);
        AnnModel fromJson = KerasImporter.load(pair[0], pair[1]);
        AnnModel fromFull = KerasImporter.load(q.writeFullModel(dir), null);
        AnnModel fromArchive = KerasImporter.load(q.writeKeras(dir), null);
        assertTrue(fromJson.sameAs(fromFull), "full-model HDF5");
        assertTrue(fromJson.sameAs(fromArchive), ".keras archive");
    }

    /**
     * QKeras lets a QDense quantize its own output ({@code activation=quantized_relu(4,1)}, as a
     * dict or as its string): the same model as a QDense followed by that QActivation.
     */
    @Test
    void shouldTakeAQDensesQuantizerActivationAsAQActivation() throws Exception {
        AnnModel separate = load(twoLayers(7));
        for (Object activation : new Object[] {QKerasTestModel.quantizer("quantized_relu", "bits", 4, "integer", 1),
                "quantized_relu(4,1)"}) {
            QKerasTestModel own = new QKerasTestModel(6, 7)
                    .qDense("fc1", 8, QKerasTestModel.quantizer("quantized_bits", "bits", 5, "integer", 1, "alpha", 1),
                            QKerasTestModel.quantizer("quantized_bits", "bits", 5, "integer", 1, "alpha", 1), 1.5)
                    .withActivation(activation)
                    .qDense("out", 3, QKerasTestModel.quantizer("quantized_bits", "bits", 6, "integer", 0, "alpha", 1),
                            QKerasTestModel.quantizer("quantized_bits", "bits", 6, "integer", 0, "alpha", 1), 1.0)
                    .activation("softmax", "softmax");
            AnnModel model = load(own);
            assertEquals(Activation.RELU, model.layers().get(0).activation(), activation.toString());
            assertEquals("quantized_relu(4,1)", model.layers().get(0).quantizers().afterActivation().describe());
            assertTrue(model.sameAs(separate), activation.toString());
        }
    }

    private AnnModel load(QKerasTestModel q) throws Exception {
        Path[] pair = q.writeJsonAndWeights(dir);
        return KerasImporter.load(pair[0], pair[1]);
    }

    @Test
    void shouldComputeTheQuantizedModelAsQKerasDoes() throws Exception {
        QKerasTestModel q = twoLayers(4);
        Path[] pair = q.writeJsonAndWeights(dir);
        AnnModel model = KerasImporter.load(pair[0], pair[1]);
        Random random = new Random(5);
        double[][] x = new double[20][6];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextGaussian();
            }
        }
        List<double[][]> outputs = FloatModel.layerOutputs(model, x);
        float[][] k1 = q.kernel("fc1");
        float[] b1 = q.bias("fc1");
        float[][] k2 = q.kernel("out");
        float[] b2 = q.bias("out");
        for (int r = 0; r < x.length; r++) {
            double[] hidden = new double[8];
            for (int j = 0; j < 8; j++) {
                double z = quantizedBits(b1[j], 5, 1);
                for (int i = 0; i < 6; i++) {
                    z += x[r][i] * quantizedBits(k1[i][j], 5, 1);
                }
                hidden[j] = quantizedRelu(z, 4, 1);
                assertEquals(hidden[j], outputs.get(0)[r][j], 1e-12, "sample " + r + " unit " + j);
            }
            for (int j = 0; j < 3; j++) {
                double z = quantizedBits(b2[j], 6, 0);
                for (int i = 0; i < 8; i++) {
                    z += hidden[i] * quantizedBits(k2[i][j], 6, 0);
                }
                assertEquals(z, FloatModel.affine(model.outputLayer(), hidden)[j], 1e-12);
            }
        }
    }

    @Test
    void shouldEvaluateTheQKerasJetTaggersFirstLayerAsQKerasDoes() {
        Path json = fixture("keras_quantized/qkeras_3layer.json");
        Path weights = fixture("keras_quantized/qkeras_3layer_weights.h5");
        AnnModel model = KerasImporter.load(json, weights);
        float[][] kernel;
        float[] bias;
        try (HdfFile raw = new HdfFile(weights)) {
            kernel = (float[][]) raw.getDatasetByPath("fc1/fc1/kernel:0").getData();
            bias = (float[]) raw.getDatasetByPath("fc1/fc1/bias:0").getData();
        }
        Random random = new Random(6);
        double[][] x = new double[50][16];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextGaussian();
            }
        }
        double[][] fc1 = FloatModel.layerOutputs(model, x).get(0);
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < 64; j++) {
                // QDense fc1: quantized_bits(6, 0) kernel and bias; QActivation quantized_relu(6, 0).
                double z = quantizedBits(bias[j], 6, 0);
                for (int i = 0; i < 16; i++) {
                    z += x[r][i] * quantizedBits(kernel[i][j], 6, 0);
                }
                assertEquals(quantizedRelu(z, 6, 0), fc1[r][j], 1e-12, "sample " + r + " unit " + j);
            }
        }
        assertEquals("quantized_bits(6,0,0)", model.layers().get(0).quantizers().weightQuantizer());
    }

    @Test
    void shouldRefuseSignActivationsWithTheReason() {
        for (String name : new String[] {"KERAS_3layer_binary_smaller", "KERAS_3layer_ternary_small"}) {
            Path json = fixture("keras_quantized/" + name + ".json");
            Path weights = fixture("keras_quantized/" + name + "_weights.h5");
            LoihiException e = assertThrows(LoihiException.class, () -> KerasImporter.load(json, weights));
            assertEquals(CompilerErrors.KERAS_UNSUPPORTED_LAYER, e.code());
            assertTrue(e.getMessage().contains("layer=act1") && e.getMessage().contains("reason="), e.getMessage());
        }
    }

    @Test
    void shouldImportTheHgqCnnWithItsConvolutionsAndQuantizers() {
        Path model = fixture("keras_quantized/hgq_mnist_homogeneous.h5");
        AnnModel ann = KerasImporter.load(model, null);
        assertEquals(28 * 28, ann.inputSize());
        assertEquals(10, ann.outputSize());
        assertTrue(ann.layers().stream().anyMatch(l -> l.window() != null), "a convolution keeps its window");
        assertTrue(ann.layers().stream().anyMatch(l -> l.quantizers() != LayerQuantizers.NONE), "quantizers kept");
        // the quantizer before the Reshape and the first Conv2D quantizes the image, not the Dense's input
        assertEquals("ufixed<5,1,RND,WRAP>", ann.layers().get(0).quantizers().input().describe());
        for (int l = 1; l < ann.layers().size(); l++) {
            assertEquals(null, ann.layers().get(l).quantizers().input(), ann.layers().get(l).name());
        }
        double[][] x = new double[1][28 * 28];
        double[] y = FloatModel.layerOutputs(ann, x).get(ann.layers().size() - 1)[0];
        assertEquals(10, y.length);
        for (double v : y) {
            assertTrue(Double.isFinite(v));
        }
    }

    private static Path fixture(String relative) {
        Optional<Path> p = Fixtures.find(relative);
        Assumptions.assumeTrue(p.isPresent(), "fixture absent: " + relative);
        return p.get();
    }
}
