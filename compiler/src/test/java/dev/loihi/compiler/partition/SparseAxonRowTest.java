package dev.loihi.compiler.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.SparseRows;
import dev.loihi.image.SignMode;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sparse connection's rows give the partitioner and the packer what the matrix with the same
 * synapses gives: the same counts ({@link AxonRow#scan}) and the same entries in both layouts
 * ({@link AxonRow#fill}), over any compartment range, so it compiles to the same image.
 */
public class SparseAxonRowTest {

    static LongStream seeds() {
        return LongStream.range(1, 31);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldScanAndFillAsTheMatrixWithTheSameSynapses(long seed) {
        Random r = new Random(seed);
        int nPre = 1 + r.nextInt(12);
        int nPost = 1 + r.nextInt(400);
        double density = r.nextDouble() * r.nextDouble();
        int[] mants = new int[nPre * nPost];
        for (int i = 0; i < mants.length; i++) {
            mants[i] = r.nextDouble() < density ? (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(255)) : 0;
        }
        DiscreteConnection matrix = new DiscreteConnection("a", "b", 0, -1, 0, nPre, nPost, SignMode.MIXED, 0, mants,
                DiscreteConnection.SYNTHESIZED);
        DiscreteConnection sparse = DiscreteConnection.sparse("a", "b", 0, -1, 0, nPre, nPost, SignMode.MIXED, 0,
                rowsOf(mants, nPre, nPost), DiscreteConnection.SYNTHESIZED);
        assertArrayEquals(mants, sparse.denseMants());
        int[] c1 = new int[nPost];
        int[] w1 = new int[nPost];
        int[] c2 = new int[nPost];
        int[] w2 = new int[nPost];
        for (int trial = 0; trial < 40; trial++) {
            int from = r.nextInt(nPost);
            int to = from + 1 + r.nextInt(nPost - from);
            for (int i = 0; i < nPre; i++) {
                assertEquals(AxonRow.scan(matrix, i, from, to), AxonRow.scan(sparse, i, from, to),
                        "scan row " + i + " of [" + from + ", " + to + ")");
                for (boolean dense : new boolean[] {true, false}) {
                    int n1 = AxonRow.fill(matrix, i, from, to, dense, c1, w1);
                    int n2 = AxonRow.fill(sparse, i, from, to, dense, c2, w2);
                    String where = "fill row " + i + " of [" + from + ", " + to + "), dense=" + dense;
                    assertArrayEquals(Arrays.copyOf(c1, n1), Arrays.copyOf(c2, n2), where);
                    assertArrayEquals(Arrays.copyOf(w1, n1), Arrays.copyOf(w2, n2), where);
                }
            }
        }
        for (int i = 0; i < nPre; i++) {
            for (int j = 0; j < nPost; j++) {
                assertEquals(mants[i * nPost + j], sparse.mant(i, j));
            }
        }
    }

    public static SparseRows rowsOf(int[] mants, int nPre, int nPost) {
        int[] rowStart = new int[nPre + 1];
        int nonzeros = (int) Arrays.stream(mants).filter(m -> m != 0).count();
        int[] post = new int[nonzeros];
        int[] m = new int[nonzeros];
        int k = 0;
        for (int i = 0; i < nPre; i++) {
            for (int j = 0; j < nPost; j++) {
                if (mants[i * nPost + j] != 0) {
                    post[k] = j;
                    m[k++] = mants[i * nPost + j];
                }
            }
            rowStart[i + 1] = k;
        }
        return new SparseRows(rowStart, post, m);
    }
}
