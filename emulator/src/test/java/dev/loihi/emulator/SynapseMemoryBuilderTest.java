package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Blocks stored once per content: seeded runs of random axons (dense and sparse, all-zero ones,
 * many repeated), each offset checked against the block written out alone, and the memory's
 * length against the distinct blocks' (enough axons that the builder's table grows many times).
 */
class SynapseMemoryBuilderTest {
    static LongStream seeds() {
        return LongStream.range(1, 11);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldStoreEachContentOnceAtOneOffset(long seed) {
        Random r = new Random(seed);
        List<int[][]> distinct = new ArrayList<>();
        for (int k = 0; k < 3000; k++) {
            distinct.add(axon(r));
        }
        int[][][] axons = new int[20_000][][];
        long shorts = 0;
        for (int k = 0; k < axons.length; k++) {
            axons[k] = distinct.get(r.nextInt(distinct.size()));
            shorts += SynapseBlock.shorts(axons[k][0], axons[k][1]);
        }
        SynapseMemoryBuilder builder = new SynapseMemoryBuilder((int) shorts);
        int[] offsets = new int[axons.length];
        for (int k = 0; k < axons.length; k++) {
            offsets[k] = builder.add(axons[k][0], axons[k][1]);
        }
        short[] memory = builder.toArray();
        Map<List<Short>, Integer> offsetOfContent = new HashMap<>();
        long distinctShorts = 0;
        for (int k = 0; k < axons.length; k++) {
            short[] alone = new short[SynapseBlock.shorts(axons[k][0], axons[k][1])];
            SynapseBlock.write(axons[k][0], axons[k][1], alone, 0);
            if (alone.length == 0) {
                assertEquals(-1, offsets[k], "an all-zero axon has no block");
                continue;
            }
            assertArrayEquals(alone, Arrays.copyOfRange(memory, offsets[k], offsets[k] + alone.length), "axon " + k);
            List<Short> content = new ArrayList<>();
            for (short s : alone) {
                content.add(s);
            }
            Integer first = offsetOfContent.putIfAbsent(content, offsets[k]);
            if (first == null) {
                distinctShorts += alone.length;
            } else {
                assertEquals(first, offsets[k], "same content, same block: axon " + k);
            }
        }
        assertEquals(distinctShorts, memory.length, "each content once");
    }

    /** Compartments ascending in 0..1023 and weights from a small set (so that blocks repeat by chance too), or all zero. */
    private static int[][] axon(Random r) {
        int n = 1 + r.nextInt(r.nextBoolean() ? 4 : 40);
        int[] compartments = new int[n];
        int[] weights = new int[n];
        boolean dense = r.nextBoolean();
        int from = r.nextInt(1024 - 2 * n);
        int shift = r.nextInt(4);
        boolean zero = r.nextInt(20) == 0;
        for (int k = 0; k < n; k++) {
            compartments[k] = dense ? from + k : from + 2 * k + r.nextInt(2) * (k == n - 1 ? 1 : 0);
            weights[k] = zero ? 0 : (r.nextInt(9) - 4) << shift;
        }
        return new int[][] {compartments, weights};
    }
}
