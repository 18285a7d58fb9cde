package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three shared Keras 2.0-2.1 models import with the right structure and numbers. */
class KerasFixtureImportTest {
    @TempDir
    Path dir;

    @Test
    void shouldImportThreeLayerJetTagger() {
        AnnModel model = KerasFixtures.load(KerasFixtures.THREE_LAYER);
        assertEquals(16, model.inputSize());
        assertEquals(List.of(64, 32, 32, 5), units(model));
        assertEquals(List.of(Activation.RELU, Activation.RELU, Activation.RELU, Activation.SOFTMAX), activations(model));
        assertEquals(List.of("fc1_relu", "fc2_relu", "fc3_relu", "output_softmax"), names(model));
    }

    @Test
    void shouldDropDropoutLayersOfTheHundredWideModel() {
        AnnModel model = KerasFixtures.load(KerasFixtures.DENSE_DROPOUT);
        assertEquals(16, model.inputSize());
        assertEquals(List.of(100, 100, 100, 100, 100, 5), units(model));
        assertEquals(List.of("fc1_relu", "fc2_relu", "fc3_relu", "fc4_relu", "fc5_relu", "output_softmax"), names(model));
        assertEquals(Activation.SOFTMAX, model.outputLayer().activation());
    }

    @Test
    void shouldImportOneLayerSigmoidModel() {
        AnnModel model = KerasFixtures.load(KerasFixtures.ONE_LAYER);
        assertEquals(10, model.inputSize());
        assertEquals(List.of(32, 1), units(model));
        assertEquals(List.of(Activation.RELU, Activation.SIGMOID), activations(model));
    }

    @Test
    void shouldKeepKernelsInKerasInputByUnitOrder() {
        AnnModel model = KerasFixtures.load(KerasFixtures.THREE_LAYER);
        try (HdfFile raw = new HdfFile(KerasFixtures.weights(KerasFixtures.THREE_LAYER))) {
            for (DenseLayer layer : model.layers()) {
                String prefix = layer.name() + "/" + layer.name() + "/";
                float[][] kernel = (float[][]) raw.getDatasetByPath(prefix + "kernel:0").getData();
                float[] bias = (float[]) raw.getDatasetByPath(prefix + "bias:0").getData();
                for (int i = 0; i < kernel.length; i++) {
                    for (int j = 0; j < kernel[i].length; j++) {
                        assertEquals(kernel[i][j], layer.kernel()[i][j], 0.0, layer.name() + " [" + i + "][" + j + "]");
                    }
                }
                for (int j = 0; j < bias.length; j++) {
                    assertEquals(bias[j], layer.bias()[j], 0.0);
                }
            }
        }
    }

    @Test
    void shouldPredictProbabilitiesThatDependOnTheInput() {
        AnnModel model = KerasFixtures.load(KerasFixtures.THREE_LAYER);
        double[][] outputs = FloatModel.predict(model, standardNormal(200, 16, 5));
        Set<Integer> classes = new HashSet<>();
        for (double[] p : outputs) {
            double sum = 0;
            for (double v : p) {
                assertTrue(v >= 0.0 && v <= 1.0, "probability " + v);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-12);
            classes.add(argmax(p));
        }
        assertTrue(classes.size() >= 3, "a jet tagger should pick several classes over random jets, got " + classes);
    }

    @Test
    void shouldPredictSigmoidOutputsInsideTheUnitInterval() {
        AnnModel model = KerasFixtures.load(KerasFixtures.ONE_LAYER);
        double min = 1;
        double max = 0;
        for (double[] p : FloatModel.predict(model, standardNormal(200, 10, 6))) {
            assertTrue(p[0] > 0.0 && p[0] < 1.0);
            min = Math.min(min, p[0]);
            max = Math.max(max, p[0]);
        }
        assertTrue(max - min > 0.5, "outputs should spread over the interval: min=" + min + ", max=" + max);
    }

    @Test
    void shouldRecognizeFormsByContentWhateverTheExtension() throws Exception {
        Path arch = Files.copy(KerasFixtures.json(KerasFixtures.ONE_LAYER), dir.resolve("architecture.bin"));
        Path weights = Files.copy(KerasFixtures.weights(KerasFixtures.ONE_LAYER), dir.resolve("weights.json"));
        AnnModel renamed = KerasImporter.load(arch, weights);
        assertTrue(renamed.sameAs(KerasFixtures.load(KerasFixtures.ONE_LAYER)));
    }

    static double[][] standardNormal(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int i = 0; i < cols; i++) {
                row[i] = random.nextGaussian();
            }
        }
        return x;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static List<Integer> units(AnnModel model) {
        return model.layers().stream().map(DenseLayer::units).toList();
    }

    private static List<Activation> activations(AnnModel model) {
        return model.layers().stream().map(DenseLayer::activation).toList();
    }

    private static List<String> names(AnnModel model) {
        return model.layers().stream().map(DenseLayer::name).toList();
    }
}
