package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dense blocks added with vectors give the scalar sums. The build runs this class and the
 * bit-exactness tests in a second surefire execution whose JVM has the incubating module
 * ({@code loihi.vector.expected=true}); every other test runs without it (scalar adds).
 */
class VectorAddsTest {

    @Test
    void shouldAddWithVectorsWhereTheModuleIsThereAndVectorsHoldEightInts() {
        assertEquals(Boolean.getBoolean("loihi.vector.expected"), VectorAdds.MODULE);
        assertEquals(VectorAdds.MODULE && VectorAdds.BITS >= 256, VectorAdds.ENABLED, VectorAdds.describe());
    }

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    /** Every length from 0 to past three vectors, odd offsets, shifts to 15 and sums that wrap an int. */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldMatchScalarAdds(long seed) {
        assumeTrue(VectorAdds.ENABLED, "jdk.incubator.vector is not in this JVM");
        SplittableRandom r = new SplittableRandom(seed);
        short[] mem = new short[256];
        for (int i = 0; i < mem.length; i++) {
            mem[i] = (short) r.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
        }
        int[] vector = new int[200];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = r.nextInt();
        }
        int[] scalar = vector.clone();
        for (int length = 0; length <= 50; length++) {
            int first = r.nextInt(vector.length - length + 1);
            int w = r.nextInt(mem.length - length + 1);
            int shift = r.nextInt(16);
            VectorAdds.add(vector, first, mem, w, length, shift);
            for (int k = 0; k < length; k++) {
                scalar[first + k] += mem[w + k] << shift;
            }
            assertArrayEquals(scalar, vector, "length " + length + ", shift " + shift);
        }
    }
}
