package dev.loihi.image;

/**
 * Bit layouts of the fixed-width register words of a CORE section and of the address words
 * of routes and ports (docs/IMAGE_FORMAT.md). Widths follow the register formats of LOIHI.md.
 * Bits marked 0 are reserved: writers leave them clear and readers reject a word that sets them.
 *
 * <pre>
 * compartment profile (u32)
 *   31 30 29          18 17           6 5         0
 *  +-----+--------------+--------------+-----------+
 *  | 0 0 | decayU (12)  | decayV (12)  | refract(6)|
 *  +-----+--------------+--------------+-----------+
 *
 * threshold profile (u32)
 *   31                17 16                        0
 *  +--------------------+---------------------------+
 *  |     0 (15)         |     vth mantissa (17)     |
 *  +--------------------+---------------------------+
 *
 * synapse format (u16)
 *   15       11  10   9   8 7          4 3          0
 *  +-----------+-----+------+------------+------------+
 *  |  0 (5)    |dense| sign | weightExp  | weightBits |
 *  |           | (1) | (2)  | (4, 2's c.)|    (4)     |
 *  +-----------+-----+------+------------+------------+
 *   sign: 0 MIXED, 1 EXCITATORY, 2 INHIBITORY
 *
 * compartment config (u32)
 *   31        24 23       19 18    16 15              3 2       0
 *  +------------+-----------+--------+-----------------+---------+
 *  |   0 (8)    | cx prof(5)|vth p(3)| bias mant (13,  | bias exp|
 *  |            |           |        | 2's complement) |   (3)   |
 *  +------------+-----------+--------+-----------------+---------+
 *
 * discrete input axon (u32), also a weight list's atom row (format 2 on)
 *   31  29 28   26 25            15 14                 0
 *  +------+-------+----------------+--------------------+
 *  | 0(3) |fmt (3)| synapses (11)  | word offset (15)   |
 *  +------+-------+----------------+--------------------+
 *
 * population input axon (u32, format 2 on): kind 1 pop16, 2 pop32 (0 is the discrete word)
 *   31 30 29 28  25 24             16 15                0
 *  +--+-----+------+-----------------+-------------------+
 *  |0 |kind |0 (4) | base + 1 (9)    |   list (16)       |
 *  +--+-----+------+-----------------+-------------------+
 *   base + 1: 0 for an unused axon (base -1), else 1..256
 *
 * address (u32): a route or input-port target (low = input axon, 12 bits) or an output
 * port entry (low = compartment, 10 bits, bits 11..10 zero)
 *   31  29 28                    12 11                 0
 *  +------+------------------------+--------------------+
 *  | 0(3) | global core index (17) |     low (12)       |
 *  +------+------------------------+--------------------+
 * </pre>
 */
public final class RegisterWords {
    private RegisterWords() {}

    public static final int DECAY_BITS = 12;
    public static final int REFRACT_BITS = 6;
    public static final int VTH_MANT_BITS = 17;
    public static final int WEIGHT_BITS_FIELD_BITS = 4;
    public static final int WEIGHT_EXP_BITS = 4;
    public static final int SIGN_BITS = 2;
    public static final int CX_PROFILE_BITS = 5;
    public static final int VTH_PROFILE_BITS = 3;
    public static final int BIAS_MANT_BITS = 13;
    public static final int BIAS_EXP_BITS = 3;
    public static final int AXON_FORMAT_BITS = 3;
    public static final int AXON_SYNAPSES_BITS = 11;
    public static final int AXON_OFFSET_BITS = 15;
    public static final int ADDRESS_LOW_BITS = 12;
    public static final int COMPARTMENT_INDEX_BITS = 10;

    public static final int PROFILE_USED_MASK = (1 << 30) - 1;
    public static final int THRESHOLD_USED_MASK = (1 << VTH_MANT_BITS) - 1;
    public static final int FORMAT_USED_MASK = (1 << 11) - 1;
    public static final int CONFIG_USED_MASK = (1 << 24) - 1;
    public static final int AXON_USED_MASK = (1 << 29) - 1;
    public static final int AXON_KIND_SHIFT = 29;
    public static final int AXON_KIND_BITS = 2;
    public static final int POP_BASE_FIELD_BITS = 9;
    public static final int POP_LIST_BITS = 16;
    public static final int POP_AXON_USED_MASK = 3 << AXON_KIND_SHIFT | ((1 << 25) - 1);
    /** Kind codes of an input axon word. */
    public static final int KIND_DISCRETE = 0;
    public static final int KIND_POP16 = 1;
    public static final int KIND_POP32 = 2;
    public static final int ADDRESS_USED_MASK = (1 << 29) - 1;
    public static final int OUTPUT_ADDRESS_USED_MASK = ((1 << ImageLayout.CORE_FIELD_BITS) - 1) << ADDRESS_LOW_BITS
            | ((1 << COMPARTMENT_INDEX_BITS) - 1);

    public static int compartmentProfileWord(CompartmentProfile p) {
        return put(p.decayU(), 18, DECAY_BITS) | put(p.decayV(), 6, DECAY_BITS) | put(p.refractDelay(), 0, REFRACT_BITS);
    }

    public static CompartmentProfile compartmentProfile(int word) {
        return new CompartmentProfile(get(word, 18, DECAY_BITS), get(word, 6, DECAY_BITS), get(word, 0, REFRACT_BITS));
    }

    public static int thresholdWord(int vthMant) {
        return put(vthMant, 0, VTH_MANT_BITS);
    }

    public static int threshold(int word) {
        return get(word, 0, VTH_MANT_BITS);
    }

    public static int formatWord(SynapseFormat f) {
        return put(f.dense() ? 1 : 0, 10, 1)
                | put(ImageLayout.signModeCode(f.signMode()), 8, SIGN_BITS)
                | put(f.weightExp() & 0xF, 4, WEIGHT_EXP_BITS)
                | put(f.weightBits(), 0, WEIGHT_BITS_FIELD_BITS);
    }

    /** The stored sign code (bits 9..8); code 3 has no meaning. */
    public static int formatSignCode(int word) {
        return get(word, 8, SIGN_BITS);
    }

    /** Decodes a format word whose sign code is known to be valid. */
    public static SynapseFormat format(int word) {
        return new SynapseFormat(get(word, 0, WEIGHT_BITS_FIELD_BITS), ImageLayout.signModeOf(formatSignCode(word)),
                signExtend(get(word, 4, WEIGHT_EXP_BITS), WEIGHT_EXP_BITS), get(word, 10, 1) == 1);
    }

    public static int compartmentConfigWord(int cxProfile, int vthProfile, int biasMant, int biasExp) {
        return put(cxProfile, 19, CX_PROFILE_BITS) | put(vthProfile, 16, VTH_PROFILE_BITS)
                | put(biasMant & ((1 << BIAS_MANT_BITS) - 1), 3, BIAS_MANT_BITS) | put(biasExp, 0, BIAS_EXP_BITS);
    }

    public static int configCompartmentProfile(int word) {
        return get(word, 19, CX_PROFILE_BITS);
    }

    public static int configThresholdProfile(int word) {
        return get(word, 16, VTH_PROFILE_BITS);
    }

    public static int configBiasMant(int word) {
        return signExtend(get(word, 3, BIAS_MANT_BITS), BIAS_MANT_BITS);
    }

    public static int configBiasExp(int word) {
        return get(word, 0, BIAS_EXP_BITS);
    }

    public static int axonWord(int format, int synapses, int wordOffset) {
        return put(format, 26, AXON_FORMAT_BITS) | put(synapses, 15, AXON_SYNAPSES_BITS)
                | put(wordOffset, 0, AXON_OFFSET_BITS);
    }

    public static int axonFormat(int word) {
        return get(word, 26, AXON_FORMAT_BITS);
    }

    public static int axonSynapses(int word) {
        return get(word, 15, AXON_SYNAPSES_BITS);
    }

    public static int axonWordOffset(int word) {
        return get(word, 0, AXON_OFFSET_BITS);
    }

    /** The population axon word; base -1 (unused) is stored as 0. */
    public static int populationAxonWord(int popType, int list, int base) {
        int kind = popType == InputAxon.POP32 ? KIND_POP32 : KIND_POP16;
        return put(kind, AXON_KIND_SHIFT, AXON_KIND_BITS) | put(base + 1, 16, POP_BASE_FIELD_BITS)
                | put(list, 0, POP_LIST_BITS);
    }

    public static int axonKind(int word) {
        return get(word, AXON_KIND_SHIFT, AXON_KIND_BITS);
    }

    public static int populationBase(int word) {
        return get(word, 16, POP_BASE_FIELD_BITS) - 1;
    }

    public static int populationList(int word) {
        return get(word, 0, POP_LIST_BITS);
    }

    public static int addressWord(int core, int low) {
        return put(core, ADDRESS_LOW_BITS, ImageLayout.CORE_FIELD_BITS) | put(low, 0, ADDRESS_LOW_BITS);
    }

    public static int addressCore(int word) {
        return get(word, ADDRESS_LOW_BITS, ImageLayout.CORE_FIELD_BITS);
    }

    public static int addressLow(int word) {
        return get(word, 0, ADDRESS_LOW_BITS);
    }

    public static int signExtend(int value, int bits) {
        int shift = 32 - bits;
        return (value << shift) >> shift;
    }

    private static int get(int word, int shift, int bits) {
        return (word >>> shift) & ((1 << bits) - 1);
    }

    /** Values reach here only after ImageValidator passed, so a misfit is a bug, not bad input. */
    private static int put(int value, int shift, int bits) {
        if (value < 0 || value >= (1 << bits)) {
            throw new IllegalStateException("register field overflow: value=" + value + ", bits=" + bits);
        }
        return value << shift;
    }
}
