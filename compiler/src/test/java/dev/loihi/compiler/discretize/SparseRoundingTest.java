package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Weights;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rounding a connection held as its entries ({@link Weights}) gives what rounding the whole
 * matrix gave before it: {@link #denseRound} is that matrix algorithm, kept here as the oracle.
 * Seeded matrices with runs of copied rows and columns, zeros (whole rows and columns too) and
 * both signs, in every sign mode.
 */
class SparseRoundingTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void shouldRoundTheEntriesAsTheMatrix(long seed) {
        Random r = new Random(seed);
        double[][] w = withCopies(r, 2 + r.nextInt(6), 1 + r.nextInt(3), 2 + r.nextInt(6), 1 + r.nextInt(3));
        Weights entries = Weights.of(w);
        double[] bias = new double[w[0].length];
        int[] columnStart = CopyRuns.columns(List.of(new Connection("a", "b", w, 0)), bias);
        assertArrayEquals(denseColumns(w, bias), columnStart);
        assertArrayEquals(denseRows(w), CopyRuns.rows(entries, null));
        double factor = Math.scalb(1.0, 6 + r.nextInt(4)) * (1 + r.nextDouble());
        for (SignMode mode : SignMode.values()) {
            WeightPart part = new WeightPart(0, mode, 3.0);
            int exp = WeightRounding.exponent(3.0 * factor, mode);
            long[] qPositive = new long[bias.length];
            long[] qNegative = new long[bias.length];
            long[] qPositiveDense = new long[bias.length];
            long[] qNegativeDense = new long[bias.length];
            WeightRounding.Rounded sparse = WeightRounding.round(entries, factor, part, exp, CopyRuns.rows(entries, null),
                    columnStart, qPositive, qNegative);
            WeightRounding.Rounded dense = denseRound(w, factor, part, exp, denseRows(w), columnStart,
                    qPositiveDense, qNegativeDense);
            String where = "seed=" + seed + ", mode=" + mode;
            assertArrayEquals(dense.mants(), WeightRoundingTest.dense(entries, sparse.mants()), where);
            assertEquals(dense.errorSquares(), sparse.errorSquares(), 0.0, where);
            assertEquals(dense.valueSquares(), sparse.valueSquares(), 0.0, where);
            assertEquals(dense.maxUsed(), sparse.maxUsed(), where);
            assertEquals(dense.zeroed(), sparse.zeroed(), where);
            assertArrayEquals(qPositiveDense, qPositive, where);
            assertArrayEquals(qNegativeDense, qNegative, where);
        }
    }

    /** Units of random weights (a third zero, some all zero), each row taken rowCopies times and each column columnCopies times. */
    private static double[][] withCopies(Random r, int units, int rowCopies, int posts, int columnCopies) {
        double[][] unit = new double[units][posts];
        for (double[] row : unit) {
            boolean silent = r.nextInt(6) == 0;
            for (int j = 0; j < posts; j++) {
                row[j] = silent || r.nextInt(3) == 0 ? 0.0 : r.nextGaussian();
            }
        }
        double[][] w = new double[units * rowCopies][posts * columnCopies];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[i].length; j++) {
                w[i][j] = unit[i / rowCopies][j / columnCopies];
            }
        }
        return w;
    }

    // The matrix algorithm the entries replaced (WeightRounding and CopyRuns before session 13).

    private static int[] denseRows(double[][] weights) {
        int[] start = new int[weights.length];
        for (int i = 1; i < weights.length; i++) {
            start[i] = Arrays.equals(weights[i], weights[i - 1]) ? start[i - 1] : i;
        }
        return start;
    }

    private static int[] denseColumns(double[][] weights, double[] bias) {
        int n = bias.length;
        boolean[] differs = new boolean[n];
        for (int j = 1; j < n; j++) {
            differs[j] = Double.compare(bias[j], bias[j - 1]) != 0;
        }
        for (double[] row : weights) {
            for (int j = 1; j < n; j++) {
                differs[j] |= Double.compare(row[j], row[j - 1]) != 0;
            }
        }
        int[] start = new int[n];
        for (int j = 1; j < n; j++) {
            start[j] = differs[j] ? j : start[j - 1];
        }
        return start;
    }

    private static WeightRounding.Rounded denseRound(double[][] weights, double factor, WeightPart part, int exp,
                                                     int[] rowStart, int[] columnStart, long[] qPositive,
                                                     long[] qNegative) {
        SignMode mode = part.mode();
        int nPost = qPositive.length;
        int[] mants = new int[weights.length * nPost];
        double unit = WeightRounding.unit(exp, mode);
        double perUnit = 1 / unit;
        int step = WeightRounding.mantStep(mode);
        int full = WeightRounding.fullMant(mode) / step;
        double errorSquares = 0;
        double valueSquares = 0;
        for (int i = 0; i < weights.length; i += CopyRuns.length(rowStart, i)) {
            int rows = CopyRuns.length(rowStart, i);
            for (int j = 0; j < nPost; j += CopyRuns.length(columnStart, j)) {
                double w = weights[i][j];
                if (!part.holds(w)) {
                    continue;
                }
                int columns = CopyRuns.length(columnStart, j);
                int k = rows * columns;
                double x = w * factor;
                long sum = Math.max(-(long) full * k, Math.min((long) full * k, (long) Math.rint(k * x * perUnit)));
                long low = Math.floorDiv(sum, k);
                int extra = (int) (sum - low * k);
                for (int c = 0; c < rows; c++) {
                    for (int d = 0; d < columns; d++) {
                        mants[(i + c) * nPost + j + d] = step * (int) low;
                    }
                }
                for (int e = 0; e < extra; e++) {
                    int d = e % columns;
                    int c = (e / columns + d) % rows;
                    mants[(i + c) * nPost + j + d] += step;
                }
                double error = x - sum * unit / k;
                if (Math.abs(error) <= WeightRounding.EXACT_TOLERANCE * unit) {
                    error = 0;
                }
                errorSquares += k * error * error;
                valueSquares += k * x * x;
            }
        }
        int shift = ChipLimits.WEIGHT_SHIFT + exp;
        int maxUsed = 0;
        long zeroed = 0;
        int k = 0;
        for (double[] row : weights) {
            for (int j = 0; j < nPost; j++, k++) {
                if (!part.holds(row[j])) {
                    continue;
                }
                int m = mants[k];
                long w = (long) m << shift;
                maxUsed = Math.max(maxUsed, Math.abs(m));
                zeroed += m == 0 ? 1 : 0;
                if (w > 0) {
                    qPositive[j] += w;
                } else {
                    qNegative[j] -= w;
                }
            }
        }
        return new WeightRounding.Rounded(mants, errorSquares, valueSquares, maxUsed, zeroed);
    }
}
