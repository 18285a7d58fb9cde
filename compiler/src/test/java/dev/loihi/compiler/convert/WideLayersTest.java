package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A Dense wider than a core's axons is split into partial sums by sign and recombined, exactly. */
class WideLayersTest {
    private static double[][] random(Random r, int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = r.nextGaussian() / Math.sqrt(rows);
            }
        }
        return m;
    }

    private static double[] bias(Random r, int n) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = 0.1 * r.nextGaussian();
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldSplitAWideHiddenLayerAndAWideFirstLayerExactly(long seed) {
        Random r = new Random(seed);
        int features = 2100 + (int) seed * 100;   // 2 signs x 2,100+ > 4,080 axons with one copy
        int hidden = 4200 + (int) seed * 50;      // > 4,080 axons with one copy
        AnnModel model = new AnnModel("w", features, List.of(
                new DenseLayer("h", random(r, features, hidden), bias(r, hidden), Activation.RELU),
                new DenseLayer("h2", random(r, hidden, 3), bias(r, 3), seed == 2 ? Activation.RELU6 : Activation.RELU),
                new DenseLayer("out", random(r, 3, 3), bias(r, 3), seed == 2 ? Activation.SOFTMAX : Activation.LINEAR)));
        AnnModel split = LinearMerge.merge(model);
        List<DenseLayer> layers = split.layers();
        // a readout as wide is cut into parts the host sums instead (ReadoutParts)
        assertEquals(List.of("h_part", "h", "h2_part", "h2", "out"), layers.stream().map(DenseLayer::name).toList());
        int inputGroups = (features + WideLayers.group(0) - 1) / WideLayers.group(0);
        int hiddenGroups = (hidden + WideLayers.group(1) - 1) / WideLayers.group(1);
        assertEquals(2 * inputGroups * hidden, layers.get(0).units());
        assertEquals(2 * hiddenGroups * 3, layers.get(2).units());
        assertEquals(Activation.RELU, layers.get(0).activation());
        assertEquals(model.layers().get(1).activation(), layers.get(3).activation());
        // every neuron now reads few enough axons with the default copies
        assertTrue(CopyBudget.widestFanIn(split, ConvertOptions.DEFAULT_REPLICAS, ConvertOptions.DEFAULT_INPUT_COPIES,
                true) <= CopyBudget.MAX_FAN_IN);
        double[][] x = random(r, 12, features);
        double[][] expected = FloatModel.predict(model, x);
        double[][] actual = FloatModel.predict(split, x);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[i][j], actual[i][j], 1e-9, "row " + i + ", output " + j);
            }
        }
    }

    /** 4,080 axons with one copy is kept, 4,081 is split; a name the model already has is not taken twice. */
    @Test
    void shouldSplitOnlyPastACoresAxonsUnderAFreeName() {
        Random r = new Random(4);
        AnnModel atLimit = new AnnModel("n", 100, List.of(
                new DenseLayer("h", random(r, 100, 4080), bias(r, 4080), Activation.RELU),
                new DenseLayer("h2", random(r, 4080, 3), bias(r, 3), Activation.RELU),
                new DenseLayer("out", random(r, 3, 3), bias(r, 3), Activation.LINEAR)));
        AnnModel merged = LinearMerge.merge(atLimit);
        assertSame(atLimit.layers().get(1).weights(), merged.layers().get(1).weights(), "4,080 axons: kept");
        assertEquals(3, merged.layers().size());
        AnnModel past = new AnnModel("p", 100, List.of(
                new DenseLayer("h2_part", random(r, 100, 4081), bias(r, 4081), Activation.RELU),
                new DenseLayer("h2", random(r, 4081, 3), bias(r, 3), Activation.RELU),
                new DenseLayer("out", random(r, 3, 3), bias(r, 3), Activation.LINEAR)));
        assertEquals(List.of("h2_part", "h2_part2", "h2", "out"),
                LinearMerge.merge(past).layers().stream().map(DenseLayer::name).toList());
        assertEquals("h2_part2", LinearMerge.merge(past).layers().get(1).name(), "the same split on every merge");
    }
}
