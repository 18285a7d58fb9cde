package dev.loihi.image;

/**
 * Limits and register widths of one first-generation Loihi chip, as listed in
 * {@code shared/LOIHI.md}. Every pass that checks or packs a value takes it from here.
 */
public final class ChipLimits {
    private ChipLimits() {}

    public static final int CORES_PER_CHIP = 128;
    public static final int COMPARTMENTS_PER_CORE = 1024;
    public static final int INPUT_AXONS_PER_CORE = 4096;
    public static final int OUTPUT_AXON_SLOTS_PER_CORE = 4096;
    public static final int SYNAPSE_WORDS_PER_CORE = 16384;
    public static final long SYNAPSE_BITS_PER_CORE = 64L * SYNAPSE_WORDS_PER_CORE;
    /** The hardware docs disagree between 8 and 16 for the last two; 8 is the safe choice. */
    public static final int COMPARTMENT_PROFILES_PER_CORE = 32;
    public static final int THRESHOLD_PROFILES_PER_CORE = 8;
    public static final int SYNAPSE_FORMATS_PER_CORE = 8;

    public static final int WEIGHT_MANT_MAX = 255;
    public static final int WEIGHT_BITS = 8;
    public static final int WEIGHT_EXP_MIN = -7;
    public static final int WEIGHT_EXP_MAX = 7;
    /** Effective weight = mantissa x 2^(WEIGHT_SHIFT + exp). */
    public static final int WEIGHT_SHIFT = 6;

    public static final int VTH_MANT_MIN = 1;
    public static final int VTH_MANT_MAX = 131_071;
    /** Threshold = mantissa x 2^VTH_SHIFT. */
    public static final int VTH_SHIFT = 6;

    public static final int BIAS_MANT_MAX = 4095;
    public static final int BIAS_EXP_MAX = 7;

    public static final int DECAY_MAX = 4095;
    public static final int DECAY_ONE = 4096;

    public static final int REFRACT_MIN = 1;
    public static final int REFRACT_MAX = 63;

    /** Magnitude bits of the synaptic accumulator q; it wraps as a 22-bit two's complement value. */
    public static final int Q_BITS = 21;
    /** Magnitude bits of the current u and of u + bias; they wrap as 24-bit two's complement values. */
    public static final int U_BITS = 23;

    public static final int VMIN_EXP_MAX = 23;
    public static final int VMAX_EXP_MAX = 7;

    /** Synapses of one axon are stored in runs of at most this many. */
    public static final int SYNAPSE_RUN_MAX = 64;
    public static final int SYNAPSE_RUN_HEADER_BITS = 10;
    /** Bits of a compartment index in a sparse run. */
    public static final int SYNAPSE_INDEX_BITS = 10;

    /**
     * Population axons (LOIHI.md, "Population axons"): a compartment base is -1 (unused axon) or
     * 0..255, a pop16 axon's a multiple of 4. A pop16 spike has 10 axon bits, of which up to 4
     * are lent to atoms wider than 5 bits (atoms up to 9 bits); a pop32 spike has a 12-bit axon
     * and its atom in the second word, whose low 16 bits the snip spike word carries.
     */
    public static final int POP_BASE_MAX = 255;
    public static final int POP16_BASE_STEP = 4;
    public static final int POP16_AXON_BITS = 10;
    public static final int POP16_ATOM_BITS_FREE = 5;
    public static final int POP16_ATOM_BITS_MAX = 9;
    public static final int POP32_AXON_BITS = 12;
    public static final int POP32_ATOM_BITS = 16;
    /** Output axon slots a route to a pop32 axon takes at the sender; other routes take 1. */
    public static final int POP32_OUTPUT_SLOTS = 2;

    /** Bits an atom index below {@code atoms} needs (0 for a single atom). */
    public static int atomBits(int atoms) {
        return atoms <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(atoms - 1);
    }

    /** Axon indices a population spike of {@code popType} (16 or 32) with {@code atoms} atoms can address. */
    public static int populationAxons(int popType, int atoms) {
        if (popType == 32) {
            return 1 << POP32_AXON_BITS;
        }
        int lent = Math.max(0, atomBits(atoms) - POP16_ATOM_BITS_FREE);
        return 1 << (POP16_AXON_BITS - lent);
    }

    /** The most atoms a spike of {@code popType} carries. */
    public static int populationAtoms(int popType) {
        return 1 << (popType == 32 ? POP32_ATOM_BITS : POP16_ATOM_BITS_MAX);
    }

    /** vmin = -(2^e) + 1. */
    public static long vmin(int vminExp) {
        return -(1L << vminExp) + 1;
    }

    /** vmax = 2^(9 + 2e) - 1. */
    public static long vmax(int vmaxExp) {
        return (1L << (9 + 2 * vmaxExp)) - 1;
    }
}
