package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A window connection's sparse rows as shared lists: the expansion is the rows exactly, and
 * units of one channel away from the edges share one list (a 1-D convolution of C channels over
 * L positions, each sending unit A compartments, reading K taps into F filters of P compartments).
 */
class RowSharingTest {

    static LongStream seeds() {
        return LongStream.range(1, 21);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldExpandToTheRowsAndShareTheInterior(long seed) {
        Random r = new Random(seed);
        int length = 20 + r.nextInt(30);
        int channels = 1 + r.nextInt(3);
        int atoms = 1 + r.nextInt(8);
        int taps = 1 + r.nextInt(4);
        int filters = 1 + r.nextInt(3);
        int per = 1 + r.nextInt(5);
        int outputs = length - taps + 1;
        int[][][] kernel = new int[taps][channels][filters];
        for (int[][] t : kernel) {
            for (int[] c : t) {
                for (int f = 0; f < filters; f++) {
                    c[f] = r.nextInt(2) == 0 ? 0 : (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(127));
                }
            }
        }
        int nPre = length * channels * atoms;
        int nPost = outputs * filters * per;
        int[] dense = new int[nPre * nPost];
        for (int x = 0; x < length; x++) {
            for (int c = 0; c < channels; c++) {
                for (int a = 0; a < atoms; a++) {
                    int pre = (x * channels + c) * atoms + a;
                    for (int t = 0; t < taps; t++) {
                        int o = x - t;
                        if (o < 0 || o >= outputs) {
                            continue;
                        }
                        for (int f = 0; f < filters; f++) {
                            for (int p = 0; p < per; p++) {
                                dense[pre * nPost + (o * filters + f) * per + p] = kernel[t][c][f];
                            }
                        }
                    }
                }
            }
        }
        SparseRows rows = dev.loihi.compiler.partition.SparseAxonRowTest.rowsOf(dense, nPre, nPost);
        PopulationSynapses shared = RowSharing.of(rows, atoms);
        assertNotNull(shared);
        assertArrayEquals(dense, shared.expand(nPost));
        assertEquals(length * channels, shared.axons());
        // interior positions of a channel share: at most one list per channel and edge distance
        assertTrue(shared.lists().size() <= channels * (2 * taps - 1), "lists=" + shared.lists().size());
    }
}
