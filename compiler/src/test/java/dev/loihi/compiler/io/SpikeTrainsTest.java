package dev.loihi.compiler.io;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SpikeTrainsTest {
    @TempDir
    Path dir;

    @Test
    void shouldGiveOneBasedStepsPerAxon() {
        Path file = dir.resolve("s.npy");
        // 2 samples x 3 steps x 2 inputs
        NpyWriter.write(file, new int[] {2, 3, 2}, new double[] {1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1});
        SpikeTrains s = SpikeTrains.read(file, 2);
        assertEquals(2, s.samples());
        assertEquals(3, s.steps());
        assertArrayEquals(new int[][] {{1, 3}, {2, 3}}, s.spikeTimes(0));
        assertArrayEquals(new int[][] {{}, {3}}, s.spikeTimes(1));
        assertEquals(4, s.spikeCount(0));
    }

    @Test
    void shouldRefuseOtherShapesAndValuesNamingThePlace() {
        Path file = dir.resolve("bad.npy");
        NpyWriter.write(file, new int[] {1, 2, 2}, new double[] {0, 1, 0.5, 0});
        LoihiException e = assertThrows(LoihiException.class, () -> SpikeTrains.read(file, 2));
        assertEquals(CompilerErrors.SPIKES_BAD_FILE, e.code());
        assertTrue(e.getMessage().contains("step=1") && e.getMessage().contains("input=0"), e.getMessage());
        assertEquals(CompilerErrors.SPIKES_BAD_FILE, assertThrows(LoihiException.class, () -> SpikeTrains.read(file, 3)).code());
        Path flat = dir.resolve("flat.npy");
        NpyWriter.write(flat, new double[][] {{0, 1}});
        assertEquals(CompilerErrors.SPIKES_BAD_FILE, assertThrows(LoihiException.class, () -> SpikeTrains.read(flat, 2)).code());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldRateCodeToRoundedCounts(long seed) {
        Random random = new Random(seed);
        int steps = 1 + random.nextInt(300);
        double[][] x = new double[4][6];
        for (double[] row : x) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextDouble() * 1.4 - 0.2;
            }
        }
        SpikeTrains s = SpikeTrains.rateCoded(x, steps, "test");
        for (int n = 0; n < x.length; n++) {
            int[][] times = s.spikeTimes(n);
            for (int k = 0; k < x[n].length; k++) {
                double rate = Math.max(0, Math.min(1, x[n][k]));
                assertEquals(Math.floor(steps * rate + 0.5), times[k].length, 1e-9, "seed " + seed);
            }
        }
    }
}
