package dev.loihi.snips;

/**
 * Layout of the chip-to-host spike output of one output port in one step: packed bits, 32
 * compartments per word, lowest bit first (LOIHI.md, "Host <-> chip spike I/O").
 *
 * <pre>
 *  word k
 *   31                                  1    0
 *  +-------+-------+- ... -+-------+-------+
 *  |32k+31 |32k+30 |       | 32k+1 |  32k  |   bit set = that port index spiked
 *  +-------+-------+- ... -+-------+-------+
 * </pre>
 *
 * Bits beyond the port's size in its last word are zero.
 */
public final class SpikeBitsDescriptor {
    private SpikeBitsDescriptor() {}

    public static final int BITS_PER_WORD = 32;

    /** Words one step of a port of {@code size} compartments takes. */
    public static int words(int size) {
        return (size + BITS_PER_WORD - 1) / BITS_PER_WORD;
    }

    /** Sets the bit of port index {@code index} in the words starting at {@code offset}. */
    public static void set(int[] bits, int offset, int index) {
        bits[offset + (index >>> 5)] |= 1 << (index & 31);
    }

    public static boolean isSet(int[] bits, int offset, int index) {
        return (bits[offset + (index >>> 5)] >>> (index & 31) & 1) != 0;
    }

    /** Set bits in {@code words} words from {@code offset}. */
    public static int count(int[] bits, int offset, int words) {
        int n = 0;
        for (int k = 0; k < words; k++) {
            n += Integer.bitCount(bits[offset + k]);
        }
        return n;
    }
}
