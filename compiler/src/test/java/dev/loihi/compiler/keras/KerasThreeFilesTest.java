package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.io.NpyReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files written by Keras 3.15 itself (src/test/resources/keras3, made by generate.py there):
 * every form imports, and the float model reproduces the outputs Keras computed for the same
 * inputs up to float32 rounding.
 */
class KerasThreeFilesTest {
    /** Keras computes in float32; folding and evaluating in double differ by float32 rounding only. */
    private static final double FLOAT32_TOLERANCE = 1e-6;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "functional_bn.keras, , functional_bn",
        "functional_bn.h5, , functional_bn",
        "sequential_relu.keras, , sequential_relu",
        "sequential_relu.json, sequential_relu.weights.h5, sequential_relu",
    })
    void shouldReproduceKerasOutputs(String model, String weights, String expected) throws Exception {
        Path dir = resources();
        AnnModel imported = KerasImporter.load(dir.resolve(model), weights == null ? null : dir.resolve(weights));
        double[][] x = NpyReader.read(dir.resolve("inputs.npy")).toMatrix();
        double[][] keras = NpyReader.read(dir.resolve(expected + ".expected.npy")).toMatrix();
        double[][] ours = FloatModel.predict(imported, x);
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < keras[r].length; j++) {
                assertEquals(keras[r][j], ours[r][j], FLOAT32_TOLERANCE, model + " sample " + r + " output " + j);
            }
        }
    }

    @Test
    void shouldFoldBothBatchNormsOfTheFunctionalModel() throws Exception {
        AnnModel model = KerasImporter.load(resources().resolve("functional_bn.keras"), null);
        assertEquals(List.of("fc1", "fc2", "out"), model.layers().stream().map(DenseLayer::name).toList());
        assertEquals(List.of(Activation.RELU, Activation.RELU, Activation.SOFTMAX),
                model.layers().stream().map(DenseLayer::activation).toList());
    }

    @Test
    void shouldLoadTheSameModelFromArchiveAndLegacyHdf5() throws Exception {
        AnnModel archive = KerasImporter.load(resources().resolve("functional_bn.keras"), null);
        AnnModel legacy = KerasImporter.load(resources().resolve("functional_bn.h5"), null);
        assertTrue(archive.sameAs(legacy));
    }

    @Test
    void shouldMapReluAndFlattenLayersOfTheSequentialModel() throws Exception {
        AnnModel model = KerasImporter.load(resources().resolve("sequential_relu.keras"), null);
        assertEquals(12, model.inputSize());
        assertEquals(Activation.RELU, model.layers().get(0).activation());
        assertEquals(Activation.SIGMOID, model.outputLayer().activation());
    }

    static Path resources() throws Exception {
        return Path.of(KerasThreeFilesTest.class.getResource("/keras3/inputs.npy").toURI()).getParent();
    }
}
