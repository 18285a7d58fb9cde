package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.net.Weights;
import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseFormat;
import dev.loihi.image.WeightField;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightRoundingTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldChooseTheSmallestExponentWhoseMantissaFitsTheFormat(long seed) {
        Random random = new Random(seed);
        for (SignMode mode : SignMode.values()) {
            for (int t = 0; t < 200; t++) {
                double magnitude = Math.exp(random.nextDouble() * Math.log(2e6));
                double x = mode == SignMode.INHIBITORY ? -magnitude : magnitude;
                int exp = WeightRounding.exponent(Math.abs(x), mode);
                if (exp > WeightRounding.MAX_EXP) {
                    assertTrue(magnitude > WeightRounding.fullMant(mode) * WeightRounding.unit(7, mode)
                            / WeightRounding.mantStep(mode));
                    continue;
                }
                int mant = WeightRounding.mant(x, exp, mode);
                assertTrue(WeightField.isExact(mant, new SynapseFormat(8, mode, exp, true)),
                        "mode=" + mode + ", x=" + x + ", mant=" + mant);
                if (exp > WeightRounding.MIN_EXP) {
                    assertTrue(Math.abs(WeightRounding.mant(x, exp - 1, mode)) > WeightRounding.fullMant(mode));
                }
            }
        }
    }

    /** Rows of {@code units} random weights, each pre unit repeated {@code rows} times and each post unit {@code columns} times. */
    private static double[][] copies(Random random, int preUnits, int postUnits, int rows, int columns) {
        double[][] unit = new double[preUnits][postUnits];
        for (double[] row : unit) {
            for (int j = 0; j < postUnits; j++) {
                row[j] = (random.nextDouble() * 2 - 1) * 300;
            }
        }
        double[][] w = new double[preUnits * rows][postUnits * columns];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[i].length; j++) {
                w[i][j] = unit[i / rows][j / columns];
            }
        }
        return w;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldRoundTheSumOfCopiesToHalfAStepAndEachSynapseToOne(long seed) {
        Random random = new Random(seed);
        int rows = 1 + random.nextInt(4);
        int columns = 1 + random.nextInt(4);
        double[][] w = copies(random, 5, 4, rows, columns);
        int[] columnStart = new int[w[0].length];
        for (int j = 0; j < columnStart.length; j++) {
            columnStart[j] = j / columns * columns;
        }
        for (SignMode mode : SignMode.values()) {
            WeightPart part = new WeightPart(0, mode, 300);
            int exp = WeightRounding.exponent(300, mode);
            double unit = WeightRounding.unit(exp, mode);
            int step = WeightRounding.mantStep(mode);
            long[] qPositive = new long[columnStart.length];
            long[] qNegative = new long[columnStart.length];
            Weights entries = Weights.of(w);
            int[] mants = dense(entries, WeightRounding.round(entries, 1.0, part, exp, CopyRuns.rows(entries, null),
                    columnStart, qPositive, qNegative).mants());
            for (int i = 0; i < w.length; i += rows) {
                for (int j = 0; j < columnStart.length; j += columns) {
                    double x = w[i][j];
                    long sum = 0;
                    int[] perColumn = new int[columns];
                    for (int c = 0; c < rows; c++) {
                        for (int d = 0; d < columns; d++) {
                            int m = mants[(i + c) * columnStart.length + j + d];
                            if (!part.holds(x)) {
                                assertEquals(0, m);
                                continue;
                            }
                            assertTrue(Math.abs(m / step * unit - x) < unit, "mode=" + mode + ", x=" + x);
                            sum += m / step;
                            perColumn[d] += m / step;
                        }
                    }
                    if (part.holds(x)) {
                        assertEquals(rows * columns * x / unit, sum, 0.5 + 1e-9, "mode=" + mode + ", x=" + x);
                        // The extra steps fall on every post copy alike, within one.
                        int spread = Arrays.stream(perColumn).max().getAsInt() - Arrays.stream(perColumn).min().getAsInt();
                        assertTrue(spread <= 1, "mode=" + mode + ", x=" + x + ", spread=" + spread);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldRoundBiasToTheSmallestExponentWithinHalfAStep(long seed) {
        Random random = new Random(seed);
        double[] bias = new double[500];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (random.nextDouble() * 2 - 1) * Math.exp(random.nextDouble() * Math.log(5e5));
        }
        int[] mants = new int[bias.length];
        int[] exps = new int[bias.length];
        assertEquals(-1, BiasRounding.round(bias, 1.0, mants, exps));
        for (int i = 0; i < bias.length; i++) {
            assertTrue(Math.abs(mants[i]) <= 4095);
            assertTrue(Math.abs(((long) mants[i] << exps[i]) - bias[i]) <= (1 << exps[i]) / 2.0 + 1e-9);
            if (exps[i] > 0) {
                assertTrue(Math.abs(Math.rint(bias[i] / (1 << (exps[i] - 1)))) > 4095);
            }
        }
    }

    /** Mantissas per entry laid out row-major over every (pre, post). */
    static int[] dense(Weights entries, int[] mants) {
        int[] out = new int[entries.rows() * entries.columns()];
        for (int i = 0; i < entries.rows(); i++) {
            for (int k = entries.start(i); k < entries.start(i + 1); k++) {
                out[i * entries.columns() + entries.column(k)] = mants[k];
            }
        }
        return out;
    }
}
