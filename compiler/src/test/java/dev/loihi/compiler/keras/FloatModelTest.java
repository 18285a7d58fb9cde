package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FloatModelTest {
    /** 2 inputs -> 2 ReLU units -> 2 linear outputs, small enough to follow by hand. */
    private static final AnnModel TINY = new AnnModel("tiny", 2, List.of(
            new DenseLayer("h", new double[][] {{1, -1}, {2, 1}}, new double[] {0.5, 0}, Activation.RELU),
            new DenseLayer("o", new double[][] {{1, 0}, {3, 2}}, new double[] {0, -1}, Activation.LINEAR)));

    @Test
    void shouldComputeAffineThenActivationPerLayer() {
        // h = relu([1*1 + 1*2 + 0.5, 1*-1 + 1*1 + 0]) = [3.5, 0]; o = [3.5, -1]
        assertArrayEquals(new double[] {3.5, -1.0}, FloatModel.predict(TINY, new double[][] {{1, 1}})[0], 0.0);
        // h = relu([2 - 2 + 0.5, -2 - 1]) = [0.5, 0]; o = [0.5, -1]
        assertArrayEquals(new double[] {0.5, -1.0}, FloatModel.predict(TINY, new double[][] {{2, -1}})[0], 0.0);
    }

    /** A convolution multiplies only each row's entries (its nonzero weights): the same sums as the whole row. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldGiveAConvolutionTheWholeRowsSums(long seed) {
        Random r = new Random(seed);
        ConvGeometry g = ConvGeometry.keras(new int[] {6 + r.nextInt(4), 5 + r.nextInt(4)}, 2, new int[] {3, 2},
                new int[] {1 + r.nextInt(2), 1}, r.nextBoolean(), 3);
        double[] taps = new double[3 * 2 * 2 * 3];
        for (int t = 0; t < taps.length; t++) {
            taps[t] = r.nextGaussian();
        }
        double[][] kernel = ConvExpansion.conv(g, taps).dense();
        double[] bias = new double[g.outUnits()];
        DenseLayer conv = new DenseLayer("conv", kernel, bias, Activation.LINEAR, g);
        double[] x = new double[g.inUnits()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(3) == 0 ? 0.0 : r.nextGaussian();
        }
        double[] expected = new double[bias.length];
        for (int j = 0; j < expected.length; j++) {
            for (int i = 0; i < x.length; i++) {
                expected[j] += x[i] * kernel[i][j];
            }
        }
        assertArrayEquals(expected, FloatModel.affine(conv, x), 1e-12);
    }

    /**
     * A layer without a window whose rows are zero at either end (a max pool tree's level), or
     * altogether, or nowhere: the entries' sums are the whole rows' sums.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldGiveALayerWithoutAWindowTheWholeRowsSums(long seed) {
        Random r = new Random(seed);
        int rows = 5 + r.nextInt(20);
        int columns = 3 + r.nextInt(30);
        double[][] kernel = new double[rows][columns];
        for (double[] row : kernel) {
            int from = r.nextInt(columns + 1);
            int to = from + r.nextInt(columns - from + 1);
            for (int j = from; j < to; j++) {
                row[j] = r.nextInt(4) == 0 ? 0.0 : r.nextGaussian();
            }
        }
        double[] bias = new double[columns];
        double[] x = new double[rows];
        for (int i = 0; i < rows; i++) {
            bias[i % columns] = r.nextGaussian();
            x[i] = r.nextInt(3) == 0 ? 0.0 : r.nextGaussian();
        }
        double[] expected = bias.clone();
        for (int j = 0; j < columns; j++) {
            for (int i = 0; i < rows; i++) {
                expected[j] += x[i] * kernel[i][j];
            }
        }
        assertArrayEquals(expected, FloatModel.affine(new DenseLayer("max", kernel, bias, Activation.RELU), x), 1e-12);
    }

    @Test
    void shouldReturnEveryLayersOutputs() {
        List<double[][]> outputs = FloatModel.layerOutputs(TINY, new double[][] {{1, 1}});
        assertEquals(2, outputs.size());
        assertArrayEquals(new double[] {3.5, 0.0}, outputs.get(0)[0], 0.0);
    }

    @Test
    void shouldApplyStableSoftmax() {
        double[] p = FloatModel.apply(Activation.SOFTMAX, new double[] {1000, 1000 + Math.log(3)});
        assertArrayEquals(new double[] {0.25, 0.75}, p, 1e-12);
    }

    @Test
    void shouldApplySigmoid() {
        assertEquals(0.5, FloatModel.apply(Activation.SIGMOID, new double[] {0})[0], 0.0);
        assertEquals(1 / (1 + Math.exp(-2)), FloatModel.apply(Activation.SIGMOID, new double[] {2})[0], 1e-15);
    }

    @Test
    void shouldRejectInputsOfTheWrongWidth() {
        LoihiException e = assertThrows(LoihiException.class, () -> FloatModel.predict(TINY, new double[][] {{1, 2, 3}}));
        assertEquals(CompilerErrors.MODEL_INPUT_SIZE, e.code());
    }
}
