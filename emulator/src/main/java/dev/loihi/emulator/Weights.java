package dev.loihi.emulator;

import dev.loihi.image.ChipLimits;

/**
 * The two ways a weight mantissa and exponent become the integer added to q.
 *
 * <p><b>Image (the chip).</b> The image holds the 8-bit mantissa the chip works on (already a
 * multiple of 2^shift of its format, see {@code WeightField}). The chip scales it in two parts:
 * first by 2^exp on the mantissa itself, then by 2^6. A negative exponent is therefore a right
 * shift of the mantissa, which drops its low {@code -exp} bits (floor, as an arithmetic shift)
 * before the {@code << 6}. LOIHI.md names the visible case, mixed sign at exponents of -2 and
 * below, where even mantissas still lose bits; the same shifter serves every sign mode, so an
 * excitatory mantissa with its low bit set also loses it at exponent -1. Whenever no set bit is
 * dropped this equals mantissa x 2^(6 + exp) exactly.
 *
 * <p><b>Raw network.</b> RAW_FORMAT.md takes w x 2^(6 + exp) as written. At exp = -7 that is
 * w / 2, which no integer holds for odd w; we use an arithmetic shift right (floor), the same
 * rounding the chip's shifter applies.
 */
public final class Weights {
    private Weights() {}

    /** The integer a spike adds to q for image mantissa {@code mant} at exponent {@code exp}. */
    public static int image(int mant, int exp) {
        if (exp >= 0) {
            return mant << (ChipLimits.WEIGHT_SHIFT + exp);
        }
        return (mant >> -exp) << ChipLimits.WEIGHT_SHIFT;
    }

    /** The integer a spike adds to q for raw weight {@code w} at exponent {@code exp}. */
    public static int raw(int w, int exp) {
        int shift = ChipLimits.WEIGHT_SHIFT + exp;
        return shift >= 0 ? w << shift : w >> -shift;
    }

    /**
     * The raw weight that {@link #raw} maps to {@code effective} at exponent {@code exp}, or
     * {@code Integer.MIN_VALUE} when none does (the value is not a multiple of the exponent's
     * step).
     */
    public static int rawFor(int effective, int exp) {
        int shift = ChipLimits.WEIGHT_SHIFT + exp;
        long w = shift >= 0 ? (long) effective >> shift : (long) effective << -shift;
        return w >= Integer.MIN_VALUE + 1 && w <= Integer.MAX_VALUE && raw((int) w, exp) == effective
                ? (int) w : Integer.MIN_VALUE;
    }
}
