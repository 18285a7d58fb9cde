package dev.loihi.compiler.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyWriterTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldRoundTripDoubleMatrices(long seed) {
        Random random = new Random(seed);
        double[][] m = new double[1 + random.nextInt(30)][1 + random.nextInt(30)];
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian() * 1e3;
            }
        }
        Path file = dir.resolve("m.npy");
        NpyWriter.write(file, m);
        NpyArray back = NpyReader.read(file);
        assertEquals("<f8", back.dtype());
        assertArrayEquals(m, back.toMatrix());
    }

    @Test
    void shouldRoundTripLongVectorsAndMatrices() {
        NpyWriter.write(dir.resolve("v.npy"), new long[] {0, -5, 1L << 40});
        assertArrayEquals(new double[] {0, -5, 1L << 40}, NpyReader.read(dir.resolve("v.npy")).toVector());
        NpyWriter.write(dir.resolve("m.npy"), new long[][] {{1, 2}, {3, 4}});
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}}, NpyReader.read(dir.resolve("m.npy")).toMatrix());
    }

    @Test
    void shouldWriteTheHeaderNumpyWrites() throws Exception {
        Path file = dir.resolve("v.npy");
        NpyWriter.write(file, new double[] {1, 2, 3});
        byte[] bytes = Files.readAllBytes(file);
        String header = new String(bytes, 10, 118, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", header.strip());
        assertEquals(0, (10 + 118) % 64);
        assertEquals(128 + 24, bytes.length);
    }
}
