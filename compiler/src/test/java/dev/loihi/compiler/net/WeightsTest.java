package dev.loihi.compiler.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sparse matrix against the dense arithmetic it replaces, entry for entry and bit for bit. */
public class WeightsTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldHoldExactlyTheNonzeroEntries(long seed) {
        double[][] m = sparse(new Random(seed), 1 + (int) seed % 5, 1 + (int) (seed * 7) % 9);
        Weights w = Weights.of(m);
        assertEquals(m.length, w.rows());
        assertEquals(m[0].length, w.columns());
        int nonzero = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                assertEquals(m[i][j], w.get(i, j), 0.0);
                nonzero += m[i][j] != 0.0 ? 1 : 0;
            }
        }
        assertEquals(nonzero, w.entries());
        assertArrayEquals(m, w.dense());
    }

    /** A factor of 0 (a batch norm's pruned channel) leaves no entry: the matrix equals one built from the product. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldDropTheEntriesThatAZeroFactorMakesZero(long seed) {
        Random r = new Random(seed);
        double[][] m = sparse(r, 3 + r.nextInt(4), 3 + r.nextInt(5));
        double[] rowFactor = new double[m.length];
        double[] columnFactor = new double[m[0].length];
        for (int i = 0; i < rowFactor.length; i++) {
            rowFactor[i] = r.nextBoolean() ? 0.0 : r.nextGaussian();
        }
        for (int j = 0; j < columnFactor.length; j++) {
            columnFactor[j] = r.nextBoolean() ? 0.0 : r.nextGaussian();
        }
        double[][] byRow = new double[m.length][m[0].length];
        double[][] byColumn = new double[m.length][m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                byRow[i][j] = m[i][j] * rowFactor[i];
                byColumn[i][j] = m[i][j] * columnFactor[j];
            }
        }
        assertEquals(Weights.of(byRow), Weights.of(m).rowsScaled(rowFactor));
        assertEquals(Weights.of(byColumn), Weights.of(m).columnsScaled(columnFactor));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldMultiplyAsTheDenseSumsInTheSameOrder(long seed) {
        Random r = new Random(seed);
        double[][] a = sparse(r, 3 + r.nextInt(5), 4 + r.nextInt(6));
        double[][] b = sparse(r, a[0].length, 2 + r.nextInt(7));
        assertArrayEquals(denseProduct(a, b), Weights.of(a).times(Weights.of(b)).dense());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldAddTheProductOfOneSampleAsTheDenseRows(long seed) {
        Random r = new Random(seed);
        double[][] m = sparse(r, 2 + r.nextInt(8), 1 + r.nextInt(8));
        double[] x = new double[m.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(3) == 0 ? 0.0 : r.nextGaussian();
        }
        double[] expected = new double[m[0].length];
        double[] actual = new double[m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                expected[j] += x[i] * m[i][j];
            }
        }
        Weights.of(m).addProduct(x, actual);
        assertArrayEquals(expected, actual, 0.0);
    }

    /** An input's on- and off-rows, its copies and the post copies, as the converter lays them out. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldLayOutSignedRowsAndCopiesAdjacent(long seed) {
        Random r = new Random(seed);
        double[][] m = sparse(r, 2 + r.nextInt(4), 1 + r.nextInt(5));
        int rowCopies = 1 + r.nextInt(3);
        int columnCopies = 1 + r.nextInt(3);
        double[][] out = Weights.of(m).rowCopies(new double[] {1.0, -1.0}, rowCopies).columnCopies(columnCopies)
                .dense();
        assertEquals(m.length * 2 * rowCopies, out.length);
        for (int i = 0; i < out.length; i++) {
            int source = i / (2 * rowCopies);
            double sign = (i / rowCopies) % 2 == 0 ? 1.0 : -1.0;
            for (int j = 0; j < out[i].length; j++) {
                assertEquals(m[source][j / columnCopies] * sign, out[i][j], 0.0, "row " + i + ", column " + j);
            }
        }
    }

    @Test
    void shouldCompareRowsByTheirEntries() {
        Weights w = Weights.of(new double[][] {{0, 1, 2}, {0, 1, 2}, {1, 0, 2}, {0, 0, 0}, {0, 0, 0}});
        assertEquals(true, w.sameRow(0, 1));
        assertEquals(false, w.sameRow(1, 2));
        assertEquals(true, w.sameRow(3, 4));
        assertEquals(false, w.sameRow(2, 3));
    }

    @Test
    void shouldRefuseColumnsOutOfOrder() {
        Weights.Builder b = new Weights.Builder(1, 4).add(2, 1.0);
        assertThrows(IllegalArgumentException.class, () -> b.add(1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Weights.of(new double[][] {{1, 2}, {3}}));
    }

    /** A matrix about half zeros, whole zero rows included. */
    /**
     * The dense product the sparse one must equal bit for bit: sums over m ascending, a zero
     * {@code a[i][m]} skipped (as a missing entry is).
     */
    public static double[][] denseProduct(double[][] a, double[][] b) {
        double[][] product = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int m = 0; m < b.length; m++) {
                if (a[i][m] == 0.0) {
                    continue;
                }
                for (int j = 0; j < b[0].length; j++) {
                    product[i][j] += a[i][m] * b[m][j];
                }
            }
        }
        return product;
    }

    private static double[][] sparse(Random r, int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            if (r.nextInt(5) == 0) {
                continue;
            }
            for (int j = 0; j < columns; j++) {
                row[j] = r.nextBoolean() ? 0.0 : r.nextGaussian();
            }
        }
        return m;
    }
}
