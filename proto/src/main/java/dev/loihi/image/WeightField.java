package dev.loihi.image;

/**
 * How a synapse's weight mantissa is stored in the {@code weightBits}-bit field of its
 * format, and which mantissas that field can hold exactly.
 *
 * <p>The chip always works on an 8-bit mantissa; a narrower field keeps its top bits, and in
 * MIXED mode the chip also drops the lowest bit (LOIHI.md: "shift of 1"). So the stored field is
 * {@code mantissa >> shift} with {@code shift = 8 - weightBits (+1 when MIXED)}, and only
 * multiples of {@code 2^shift} are exact:
 * <ul>
 *   <li>EXCITATORY: field unsigned, mantissa = field &lt;&lt; shift, 0..255 at 8 bits;</li>
 *   <li>INHIBITORY: field is the magnitude, mantissa = -(field &lt;&lt; shift), -255..0 at 8 bits;</li>
 *   <li>MIXED: field is two's complement, mantissa = field &lt;&lt; shift, even -256..254 at 8 bits.</li>
 * </ul>
 * A mantissa that is not exact is rejected by {@link ImageValidator}, never rounded.
 */
public final class WeightField {
    private WeightField() {}

    /** Low mantissa bits the chip drops for this format. */
    public static int shift(SynapseFormat format) {
        return ChipLimits.WEIGHT_BITS - format.weightBits() + (format.signMode() == SignMode.MIXED ? 1 : 0);
    }

    public static int minMant(SynapseFormat format) {
        int b = format.weightBits();
        return switch (format.signMode()) {
            case EXCITATORY -> 0;
            case INHIBITORY -> -(((1 << b) - 1) << shift(format));
            case MIXED -> -(1 << (b - 1)) << shift(format);
        };
    }

    public static int maxMant(SynapseFormat format) {
        int b = format.weightBits();
        return switch (format.signMode()) {
            case EXCITATORY -> ((1 << b) - 1) << shift(format);
            case INHIBITORY -> 0;
            case MIXED -> ((1 << (b - 1)) - 1) << shift(format);
        };
    }

    /** True when the format stores {@code mant} without loss. */
    public static boolean isExact(int mant, SynapseFormat format) {
        return mant >= minMant(format) && mant <= maxMant(format) && (mant & ((1 << shift(format)) - 1)) == 0;
    }

    /** The field bits (low {@code weightBits} bits) of an exact mantissa. */
    public static int encode(int mant, SynapseFormat format) {
        int s = shift(format);
        int field = format.signMode() == SignMode.INHIBITORY ? (-mant) >> s : mant >> s;
        return field & ((1 << format.weightBits()) - 1);
    }

    /** The mantissa the chip uses for stored field bits. */
    public static int decode(int field, SynapseFormat format) {
        int s = shift(format);
        return switch (format.signMode()) {
            case EXCITATORY -> field << s;
            case INHIBITORY -> -(field << s);
            case MIXED -> RegisterWords.signExtend(field, format.weightBits()) << s;
        };
    }
}
