package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.discretize.DiscreteConnection;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Integer weights given row by row become the connections the matrix with the same entries
 * becomes (formats, order, mantissas), as sparse rows, and their synapses sum to the weights.
 */
class LadderWeightsTest {

    static LongStream seeds() {
        return LongStream.range(1, 21);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldWriteRowsAsTheMatrixWouldBeWritten(long seed) {
        Random r = new Random(seed);
        int nPre = 1 + r.nextInt(20);
        int nPost = 1 + r.nextInt(60);
        long[][] w = new long[nPre][nPost];
        long range = r.nextBoolean() ? LadderWeights.TOP - 1 : LadderWeights.MAX_STEPS;
        for (long[] row : w) {
            for (int j = 0; j < nPost; j++) {
                row[j] = r.nextInt(3) == 0 ? r.nextLong(-range, range + 1) : 0;
            }
        }
        List<DiscreteConnection> matrix = LadderWeights.of("a", "b", -1, 0, 1, w);
        List<DiscreteConnection> rows = LadderWeights.of("a", "b", -1, 0, 1, rowsOf(w), 0);
        assertEquals(matrix.size(), rows.size());
        long[][] sum = new long[nPre][nPost];
        for (int k = 0; k < matrix.size(); k++) {
            DiscreteConnection m = matrix.get(k);
            DiscreteConnection s = rows.get(k);
            assertTrue(s.isSparse());
            assertEquals(m.signMode(), s.signMode());
            assertEquals(m.weightExp(), s.weightExp());
            assertArrayEquals(m.mants(), s.denseMants(), "connection " + k);
            for (int i = 0; i < nPre; i++) {
                for (int j = 0; j < nPost; j++) {
                    sum[i][j] += (long) s.mant(i, j) << s.weightExp();
                }
            }
        }
        assertArrayEquals(w, sum);
        assertArrayEquals(w, dense(rowsOf(w)));
    }

    /** The nonzero entries of {@code w} (a matrix [pre][post]) as rows. */
    private static StepRows rowsOf(long[][] w) {
        int nPost = w.length == 0 ? 0 : w[0].length;
        int[] rowStart = new int[w.length + 1];
        for (int i = 0; i < w.length; i++) {
            int n = 0;
            for (long x : w[i]) {
                n += x != 0 ? 1 : 0;
            }
            rowStart[i + 1] = rowStart[i] + n;
        }
        int[] post = new int[rowStart[w.length]];
        long[] steps = new long[post.length];
        for (int i = 0; i < w.length; i++) {
            int k = rowStart[i];
            for (int j = 0; j < nPost; j++) {
                if (w[i][j] != 0) {
                    post[k] = j;
                    steps[k++] = w[i][j];
                }
            }
        }
        return new StepRows(nPost, rowStart, post, steps);
    }

    /** The rows as a matrix [pre][post]. */
    private static long[][] dense(StepRows rows) {
        long[][] w = new long[rows.rows()][rows.nPost()];
        for (int i = 0; i < rows.rows(); i++) {
            for (int k = rows.rowStart()[i]; k < rows.rowStart()[i + 1]; k++) {
                w[i][rows.post()[k]] = rows.steps()[k];
            }
        }
        return w;
    }
}
