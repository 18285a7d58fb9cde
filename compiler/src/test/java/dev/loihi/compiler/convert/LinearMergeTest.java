package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.keras.ValueQuantizer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A linear layer folded into the layer after it leaves that layer's function as it was, its
 * quantizers included: a QKeras {@code quantized_relu} after a convolution that reads a max
 * pool's sum clips there, and the merged layer must clip there too (the qkeras_mnist_cnn of
 * hls4ml's example models lost its second cap to the merge and agreed .964 at 200 steps).
 */
class LinearMergeTest {
    /** quantized_relu(6, 0): values on 1/64 up to 63/64. */
    private static final ValueQuantizer CAP = ValueQuantizer.quantizedRelu(6, 0);
    private static final String WEIGHTS = "quantized_bits(6,0,0)";

    /** Weights on the 6-bit grid, large enough that many units pass the cap. */
    private static double[][] grid(Random r, int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = Math.max(-32, Math.min(31, Math.round(r.nextGaussian() * 12))) / 32.0;
            }
        }
        return m;
    }

    private static double[][] inputs(Random r, int n, int width) {
        double[][] x = new double[n][width];
        for (double[] row : x) {
            for (int j = 0; j < width; j++) {
                row[j] = 2 * r.nextDouble();
            }
        }
        return x;
    }

    /** capped -> linear sum -> capped -> readout: the second capped layer takes the sum in. */
    private static AnnModel model(Random r, int width, int hidden, int summed, int wide) {
        double[][] sum = new double[hidden][summed];
        for (int i = 0; i < hidden; i++) {
            sum[i][i % summed] = 1.0;
        }
        return new AnnModel("m", width, List.of(
                new DenseLayer("h1", grid(r, width, hidden), new double[hidden], Activation.RELU,
                        new LayerQuantizers(null, null, CAP, WEIGHTS)),
                new DenseLayer("pool", sum, new double[summed], Activation.LINEAR),
                new DenseLayer("h2", grid(r, summed, wide), new double[wide], Activation.RELU,
                        new LayerQuantizers(null, CAP, CAP, WEIGHTS)),
                new DenseLayer("out", grid(r, wide, 3), new double[3], Activation.SOFTMAX,
                        new LayerQuantizers(null, null, null, WEIGHTS))));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldKeepTheLaterLayersCapWhereItFoldsALinearLayer(long seed) {
        Random r = new Random(seed);
        AnnModel model = model(r, 12, 16, 8, 10);
        AnnModel merged = LinearMerge.merge(model);
        assertEquals(List.of("h1", "h2", "out"), merged.layers().stream().map(DenseLayer::name).toList());
        LayerQuantizers q = merged.layers().get(1).quantizers();
        assertSame(CAP, q.beforeActivation());
        assertSame(CAP, q.afterActivation());
        assertNull(q.weightQuantizer(), "a product of two kernels is off the weights' grid");
        assertNull(q.input());
        double[][] x = inputs(r, 40, 12);
        List<double[][]> before = FloatModel.layerOutputs(model, x);
        List<double[][]> after = FloatModel.layerOutputs(merged, x);
        boolean capped = false;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 10; j++) {
                assertEquals(before.get(2)[i][j], after.get(1)[i][j], 1e-12, "input " + i + ", unit " + j);
                capped |= before.get(2)[i][j] == CAP.maxOutput();
            }
            for (int j = 0; j < 3; j++) {
                assertEquals(before.get(3)[i][j], after.get(2)[i][j], 1e-12);
            }
        }
        assertTrue(capped, "some unit reaches the cap");
        // the rate code's scale is the cap's, not what the unclipped sum would reach
        LayerScales scales = AnnToSnn.scales(model, ConvertOptions.defaults().withCalibration(x).withPercentile(100));
        assertEquals(CAP.maxOutput(), scales.hidden()[1], 0.0);
    }

    /**
     * A merged layer too wide for a core's axons is still split into partial sums, and the layer
     * that recombines them keeps the quantizers: the whole pre-activation is there.
     */
    @ParameterizedTest
    @ValueSource(longs = {6, 7})
    void shouldSplitAWideMergedLayerAndKeepItsCapOnTheRecombinedSum(long seed) {
        Random r = new Random(seed);
        int summed = 4400;   // > 4,080 axons with one copy, zero weights included
        AnnModel model = model(r, 6, summed, summed, 4);
        AnnModel merged = LinearMerge.merge(model);
        assertEquals(List.of("h1", "h2_part", "h2", "out"), merged.layers().stream().map(DenseLayer::name).toList());
        assertNull(merged.layers().get(1).quantizers().afterActivation(), "a partial sum has no cap");
        assertSame(CAP, merged.layers().get(2).quantizers().afterActivation());
        double[][] x = inputs(r, 20, 6);
        double[][] expected = FloatModel.predict(model, x);
        double[][] actual = FloatModel.predict(merged, x);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[i][j], actual[i][j], 1e-9, "input " + i + ", output " + j);
            }
        }
    }
}
