package dev.loihi.snips;

/**
 * Layout of one host-to-chip spike in a snip channel: two 32-bit words, as the snips of the
 * best-known toolchain pack it (LOIHI.md, "Host <-> chip spike I/O").
 *
 * <pre>
 *  word 0 (address)                      word 1 (type)
 *   31            16 15             0     31            16 15             0
 *  +----------------+----------------+   +----------------+----------------+
 *  |      core      |      axon      |   |   axon type    |      atom      |
 *  +----------------+----------------+   +----------------+----------------+
 * </pre>
 *
 * {@code core} is the core's index on its chip (0..127) and {@code axon} one of that core's
 * input axons (0..4095); the chip is implied by the channel the packet travels on. Images use
 * discrete axons only, so word 1 is always {@code AXON_TYPE_DISCRETE << 16 | 0}; population
 * axon types (which select an atom) are refused by the chip side.
 */
public final class SpikeWordDescriptor {
    private SpikeWordDescriptor() {}

    public static final int WORDS_PER_SPIKE = 2;
    public static final int FIELD_BITS = 16;
    public static final int FIELD_MASK = 0xFFFF;
    /** The only axon type an image's input axons have. */
    public static final int AXON_TYPE_DISCRETE = 0;

    public static int addressWord(int coreOnChip, int axon) {
        return coreOnChip << FIELD_BITS | axon;
    }

    public static int typeWord(int axonType, int atom) {
        return axonType << FIELD_BITS | atom;
    }

    /** The discrete-axon type word every spike of an image carries. */
    public static int discreteTypeWord() {
        return typeWord(AXON_TYPE_DISCRETE, 0);
    }

    public static int core(int addressWord) {
        return addressWord >>> FIELD_BITS;
    }

    public static int axon(int addressWord) {
        return addressWord & FIELD_MASK;
    }

    public static int axonType(int typeWord) {
        return typeWord >>> FIELD_BITS;
    }

    public static int atom(int typeWord) {
        return typeWord & FIELD_MASK;
    }
}
