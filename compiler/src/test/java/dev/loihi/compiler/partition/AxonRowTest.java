package dev.loihi.compiler.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AxonRowTest {
    private static int[] randomRow(Random random, int n) {
        double density = random.nextDouble();
        int[] row = new int[n];
        for (int j = 0; j < n; j++) {
            if (random.nextDouble() < density) {
                row[j] = random.nextInt(509) - 254;
            }
        }
        return row;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void shouldWriteEveryNonzeroInSparseLayoutAndCountThemAlike(long seed) {
        Random random = new Random(seed);
        for (int t = 0; t < 50; t++) {
            int n = 1 + random.nextInt(1200);
            int[] row = randomRow(random, n);
            int from = random.nextInt(n);
            int to = from + 1 + random.nextInt(Math.min(1024, n - from));
            int[] compartments = new int[to - from];
            int[] weights = new int[to - from];
            int count = AxonRow.fill(row, 0, from, to, false, compartments, weights);
            assertEquals(AxonRow.nonzeros(AxonRow.scan(row, 0, from, to)), count);
            int seen = 0;
            for (int j = from; j < to; j++) {
                if (row[j] != 0) {
                    assertEquals(j - from, compartments[seen]);
                    assertEquals(row[j], weights[seen++]);
                }
            }
            assertEquals(count, seen);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void shouldWriteDenseRunsOf64ConsecutiveCompartmentsAndCountThemAlike(long seed) {
        Random random = new Random(seed);
        for (int t = 0; t < 50; t++) {
            int n = 1 + random.nextInt(1200);
            int[] row = randomRow(random, n);
            int offset = random.nextInt(3) * n;
            int[] padded = new int[3 * n];
            System.arraycopy(row, 0, padded, offset, n);
            int from = random.nextInt(n);
            int to = from + 1 + random.nextInt(Math.min(1024, n - from));
            int[] compartments = new int[to - from];
            int[] weights = new int[to - from];
            int count = AxonRow.fill(padded, offset, from, to, true, compartments, weights);
            assertEquals(AxonRow.denseEntries(AxonRow.scan(padded, offset, from, to)), count);
            int nonzerosWritten = 0;
            for (int i = 0; i < count; i++) {
                if (i % 64 != 0) {
                    assertEquals(compartments[i - 1] + 1, compartments[i], "runs must be consecutive");
                } else if (i > 0) {
                    assertTrue(compartments[i] > compartments[i - 1]);
                }
                assertEquals(row[from + compartments[i]], weights[i]);
                if (weights[i] != 0) {
                    nonzerosWritten++;
                }
            }
            assertEquals(AxonRow.nonzeros(AxonRow.scan(row, 0, from, to)), nonzerosWritten);
            if (count > 0) {
                assertNotEquals(0, weights[count - 1], "the last run ends on a nonzero");
                assertNotEquals(0, weights[0], "a run starts on a nonzero");
            }
        }
    }
}
