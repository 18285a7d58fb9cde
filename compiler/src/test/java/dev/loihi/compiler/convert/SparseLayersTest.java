package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.ConvGeometry;
import dev.loihi.compiler.keras.ConvLayers;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.net.WeightsTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Small conv + max pool models held as their entries ({@link dev.loihi.compiler.net.Weights}):
 * each convolution is the dense expansion of its taps, each max pool tree takes the max of its
 * windows, and the linear merge gives, bit for bit, the matrix product the dense layers gave.
 */
class SparseLayersTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldExpandAConvolutionToItsTapsAtEveryPosition(long seed) {
        Random r = new Random(seed);
        ConvGeometry g = geometry(r, 5 + r.nextInt(5), 1 + r.nextInt(3), 2 + r.nextInt(3));
        double[] taps = gaussian(r, g.cells() * g.inChannels() * g.outChannels());
        DenseLayer conv = ConvLayers.conv("c", g, taps, new double[g.outChannels()], Activation.RELU,
                LayerQuantizers.NONE);
        double[][] expected = new double[g.inUnits()][g.outUnits()];
        int cin = g.inChannels();
        int cout = g.outChannels();
        g.forEachTap((out, in, cell) -> {
            for (int ci = 0; ci < cin; ci++) {
                for (int co = 0; co < cout; co++) {
                    expected[in * cin + ci][out * cout + co] = taps[(cell * cin + ci) * cout + co];
                }
            }
        });
        assertArrayEquals(expected, conv.kernel());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldTakeTheMaxOfEveryPoolWindow(long seed) {
        Random r = new Random(seed);
        int side = 4 + r.nextInt(5);
        int channels = 1 + r.nextInt(3);
        int pool = 2 + r.nextInt(2);
        ConvGeometry g = ConvGeometry.keras(new int[] {side, side}, channels, new int[] {pool, pool},
                new int[] {pool, pool}, r.nextBoolean(), channels);
        List<DenseLayer> tree = ConvLayers.maxPool("p", g);
        double[] x = new double[g.inUnits()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(4) == 0 ? 0.0 : Math.abs(r.nextGaussian());
        }
        double[] y = x;
        for (DenseLayer layer : tree) {
            y = FloatModel.forward(layer, y);
        }
        double[] expected = new double[g.outUnits()];
        g.forEachTap((out, in, cell) -> {
            for (int c = 0; c < channels; c++) {
                expected[out * channels + c] = Math.max(expected[out * channels + c], x[in * channels + c]);
            }
        });
        assertArrayEquals(expected, y, 1e-12);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldMergeAPoolIntoTheNextLayerAsTheDenseProduct(long seed) {
        Random r = new Random(seed);
        AnnModel model = convPoolConv(r);
        List<DenseLayer> merged = LinearMerge.merge(model).layers();
        List<double[][]> expected = new ArrayList<>();
        double[][] carry = null;
        double[] carryBias = null;
        List<double[]> expectedBias = new ArrayList<>();
        for (DenseLayer layer : model.layers()) {
            double[][] k = layer.kernel();
            double[] b = layer.bias().clone();
            if (carry != null) {
                double[][] product = WeightsTest.denseProduct(carry, k);
                for (int m = 0; m < k.length; m++) {
                    for (int j = 0; j < b.length; j++) {
                        b[j] += carryBias[m] * k[m][j];
                    }
                }
                k = product;
                carry = null;
            }
            if (layer.activation() == Activation.LINEAR && layer != model.outputLayer()) {
                carry = k;
                carryBias = b;
            } else {
                expected.add(k);
                expectedBias.add(b);
            }
        }
        assertEquals(expected.size(), merged.size());
        for (int l = 0; l < merged.size(); l++) {
            assertArrayEquals(expected.get(l), merged.get(l).kernel(), "layer " + merged.get(l).name());
            assertArrayEquals(expectedBias.get(l), merged.get(l).bias(), 0.0, "layer " + merged.get(l).name());
        }
    }

    /** Conv (ReLU), 2 x 2 max pool, conv (ReLU), readout: the shape of the Keras examples' MNIST convnet, small. */
    static AnnModel convPoolConv(Random r) {
        int side = 8 + r.nextInt(4);
        int channels = 1 + r.nextInt(2);
        int filters = 2 + r.nextInt(3);
        ConvGeometry g1 = ConvGeometry.keras(new int[] {side, side}, channels, new int[] {3, 3}, new int[] {1, 1},
                false, filters);
        List<DenseLayer> layers = new ArrayList<>();
        layers.add(ConvLayers.conv("conv1", g1, gaussian(r, 9 * channels * filters), gaussian(r, filters),
                Activation.RELU, LayerQuantizers.NONE));
        ConvGeometry pool = ConvGeometry.keras(g1.outSize(), filters, new int[] {2, 2}, new int[] {2, 2}, false,
                filters);
        layers.addAll(ConvLayers.maxPool("pool1", pool));
        int filters2 = 2 + r.nextInt(3);
        ConvGeometry g2 = ConvGeometry.keras(pool.outSize(), filters, new int[] {2, 2}, new int[] {1, 1}, false,
                filters2);
        layers.add(ConvLayers.conv("conv2", g2, gaussian(r, 4 * filters * filters2), gaussian(r, filters2),
                Activation.RELU, LayerQuantizers.NONE));
        double[][] readout = new double[g2.outUnits()][3];
        for (double[] row : readout) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        layers.add(new DenseLayer("readout", readout, gaussian(r, 3), Activation.SOFTMAX));
        return new AnnModel("conv_pool_conv", g1.inUnits(), layers);
    }

    private static ConvGeometry geometry(Random r, int side, int channels, int filters) {
        return ConvGeometry.keras(new int[] {side, side - 1}, channels, new int[] {3, 2},
                new int[] {1 + r.nextInt(2), 1}, r.nextBoolean(), filters);
    }

    private static double[] gaussian(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }
}
