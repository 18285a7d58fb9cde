package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native kernel against the sums written out in Java, block by block, on seeded random
 * blocks (dense and sparse, 1 to 300 synapses, every shift, weights at both ends of their range,
 * q near the ends of an int so that sums wrap). The whole-network equivalence tests run on it
 * too: it is the default wherever it loads.
 */
class NativeAddsTest {

    @Test
    void shouldLoadWhereTheBuildPackedIt() {
        boolean packed = NativeAdds.class.getResource(NativeAdds.RESOURCE) != null;
        boolean disabled = "false".equals(System.getProperty(NativeAdds.DISABLE_PROPERTY));
        assumeTrue(packed && !disabled, "no kernel in this build, or turned off");
        assertNull(NativeAdds.unavailabilityCause());
    }

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldAddBlocksAsJavaDoes(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Random r = new Random(seed);
        int cores = 4;
        int coreSize = 1024;
        short[] mem = new short[64 * 1024];
        int[] offsets = new int[200];
        int[] bases = new int[offsets.length];
        int at = 0;
        for (int b = 0; b < offsets.length; b++) {
            offsets[b] = at;
            bases[b] = coreSize * r.nextInt(cores);
            boolean dense = r.nextBoolean();
            int length = 1 + r.nextInt(r.nextBoolean() ? 16 : 300);
            int shift = r.nextInt(14);
            mem[at] = (short) length;
            mem[at + 1] = (short) (shift << 1 | (dense ? 1 : 0));
            mem[at + 2] = 31;
            if (dense) {
                mem[at + 3] = (short) r.nextInt(coreSize - length + 1);
                for (int k = 0; k < length; k++) {
                    mem[at + 4 + k] = weight(r);
                }
                at += 4 + length;
            } else {
                for (int k = 0; k < length; k++) {
                    mem[at + 3 + 2 * k] = (short) r.nextInt(coreSize);
                    mem[at + 4 + 2 * k] = weight(r);
                }
                at += 3 + 2 * length;
            }
        }
        int[] q = new int[cores * coreSize];
        for (int i = 0; i < q.length; i++) {
            q[i] = r.nextInt(4) == 0 ? Integer.MAX_VALUE - r.nextInt(1 << 20) : r.nextInt();
        }
        int[] expected = q.clone();
        for (int b = 0; b < offsets.length; b++) {
            addInJava(expected, mem, offsets[b], bases[b]);
        }
        NativeAdds.addBlocks(q, mem, offsets, bases, offsets.length);
        assertArrayEquals(expected, q);
    }

    /** 9 bits + sign, the extremes often. */
    private static short weight(Random r) {
        int pick = r.nextInt(6);
        return (short) (pick == 0 ? -512 : pick == 1 ? 511 : r.nextInt(1024) - 512);
    }

    /** The block format of NetworkLayout, summed one synapse at a time. */
    private static void addInJava(int[] q, short[] mem, int offset, int base) {
        int length = mem[offset];
        int shift = mem[offset + 1] >> 1;
        boolean dense = (mem[offset + 1] & 1) != 0;
        for (int k = 0; k < length; k++) {
            if (dense) {
                q[base + mem[offset + 3] + k] += mem[offset + 4 + k] << shift;
            } else {
                q[base + mem[offset + 3 + 2 * k]] += mem[offset + 4 + 2 * k] << shift;
            }
        }
    }
}
