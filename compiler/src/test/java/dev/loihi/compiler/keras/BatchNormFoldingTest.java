package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch normalization folded into dense layers must compute what Keras computes with the
 * layers apart: each test builds a model, imports it (folding) and compares the folded float
 * model with an unfolded layer-by-layer pass on random inputs.
 */
class BatchNormFoldingTest {
    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldFoldBatchNormAfterLinearDenseIntoItsColumns(long seed) throws Exception {
        KerasTestModel model = new KerasTestModel(12, seed)
                .dense("d1", 20, "linear").batchNorm("bn1", true, true).activation("a1", "relu")
                .dense("out", 4, "softmax");
        AnnModel imported = importModel(model);
        assertEquals(2, imported.layers().size());
        assertEquals(Activation.RELU, imported.layers().get(0).activation());
        assertAgrees(model, imported, seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void shouldFoldBatchNormAfterReluIntoTheNextDenseRows(long seed) throws Exception {
        KerasTestModel model = new KerasTestModel(10, seed)
                .dense("d1", 16, "relu").batchNorm("bn1", true, true).dropout("drop")
                .dense("d2", 8, "relu").dense("out", 3, "linear");
        AnnModel imported = importModel(model);
        assertEquals(3, imported.layers().size());
        assertAgrees(model, imported, seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22})
    void shouldFoldInputBatchNormIntoTheFirstDense(long seed) throws Exception {
        KerasTestModel model = new KerasTestModel(8, seed)
                .batchNorm("bn_in", true, true).dense("d1", 6, "relu").dense("out", 2, "sigmoid");
        assertAgrees(model, importModel(model), seed);
    }

    @Test
    void shouldHonourCenterAndScaleFlags() throws Exception {
        KerasTestModel model = new KerasTestModel(9, 31)
                .dense("d1", 7, "linear").batchNorm("bn_noscale", true, false).relu("r1")
                .dense("d2", 7, "linear").batchNorm("bn_nocenter", false, true).activation("a2", "relu")
                .dense("out", 3, "softmax");
        AnnModel imported = importModel(model);
        assertEquals(3, imported.layers().size());
        assertAgrees(model, imported, 31);
    }

    @Test
    void shouldComposeTwoBatchNormsWaitingForTheSameDense() throws Exception {
        KerasTestModel model = new KerasTestModel(5, 41)
                .dense("d1", 6, "relu").batchNorm("bn_a", true, true).batchNorm("bn_b", true, true)
                .dense("out", 2, "linear");
        assertAgrees(model, importModel(model), 41);
    }

    private AnnModel importModel(KerasTestModel model) throws Exception {
        Path json = dir.resolve("model.json");
        Path weights = dir.resolve("weights.h5");
        Files.writeString(json, model.json());
        model.writeWeights(weights);
        return KerasImporter.load(json, weights);
    }

    private static void assertAgrees(KerasTestModel model, AnnModel imported, long seed) {
        double[][] x = model.randomInputs(50);
        double[][] expected = model.reference(x);
        double[][] actual = FloatModel.predict(imported, x);
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < expected[r].length; j++) {
                assertEquals(expected[r][j], actual[r][j], TOLERANCE * Math.max(1.0, Math.abs(expected[r][j])),
                        "seed " + seed + ", sample " + r + ", output " + j);
            }
        }
    }
}
