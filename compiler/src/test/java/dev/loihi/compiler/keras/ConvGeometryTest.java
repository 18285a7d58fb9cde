package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConvGeometryTest {
    @Test
    void shouldPadSameAsTensorFlowWithTheSmallerHalfBefore() {
        ConvGeometry g = ConvGeometry.keras(new int[] {25, 8}, 1, new int[] {3, 4}, new int[] {3, 1}, true, 2);
        assertArrayEquals(new int[] {9, 8}, g.outSize());
        // (9-1)*3+3-25 = 2 -> 1 before; (8-1)*1+4-8 = 3 -> 1 before
        assertArrayEquals(new int[] {1, 1}, g.padBefore());
    }

    @Test
    void shouldFindNoOutputWhenAValidWindowIsLargerThanItsInput() {
        assertNull(ConvGeometry.keras(new int[] {2}, 1, new int[] {3}, new int[] {1}, false, 1));
    }

    /**
     * A pool folded into the convolution after it: every input cell that reaches an output
     * through the pool and the convolution lies in the composite window of that output.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldCoverEveryCellAPoolThenAConvolutionReads(long seed) {
        Random r = new Random(seed);
        boolean same = r.nextBoolean();
        int size = 6 + r.nextInt(6);
        int pool = 1 + r.nextInt(3);
        ConvGeometry p = ConvGeometry.keras(new int[] {size, size + 1}, 2, new int[] {pool, pool}, new int[] {pool, pool},
                same, 2);
        int k = 1 + r.nextInt(3);
        int s = 1 + r.nextInt(2);
        ConvGeometry c = ConvGeometry.keras(p.outSize(), 2, new int[] {k, k}, new int[] {s, s}, r.nextBoolean(), 3);
        ConvGeometry both = c.after(p);
        Set<Long> reached = new HashSet<>();
        p.forEachTap((mid, in, cell) -> c.forEachTap((out, in2, cell2) -> {
            if (in2 == mid) {
                reached.add((long) out << 32 | in);
            }
        }));
        Set<Long> covered = new HashSet<>();
        both.forEachTap((out, in, cell) -> covered.add((long) out << 32 | in));
        assertTrue(covered.containsAll(reached), "seed " + seed + ": " + both.describe());
        assertEquals(c.outPositions(), both.outPositions());
    }
}
