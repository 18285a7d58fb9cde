package dev.loihi.compiler.discretize;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;

/**
 * Rounds one part of a connection ({@link WeightPart}) to 8-bit mantissas at one exponent.
 *
 * <p>Rules (LOIHI.md, "Number formats"):
 * <ul>
 *   <li>all weights >= 0 use EXCITATORY and all <= 0 INHIBITORY: the sign comes from the
 *       format, so all 8 bits hold magnitude (up to 255); a mixed-sign connection is split
 *       into one part of each when the block can afford the axons ({@link SignSplit});</li>
 *   <li>mixed signs use MIXED, where the chip drops the low mantissa bit: only even mantissas,
 *       magnitude up to 254;</li>
 *   <li>exponents stay in 0..7: the chip applies a negative exponent as a right shift of the
 *       mantissa before the fixed {@code << 6}, which drops low bits and so never adds
 *       precision (the emulator's {@code Weights.image} does the same). The smallest step of
 *       a weight is therefore 64 chip units; the discretizer raises the scale instead.</li>
 * </ul>
 * Rounding is to nearest, ties to even ({@link Math#rint}), so it has no bias by sign.
 */
public final class WeightRounding {
    public static final int MIN_EXP = 0;
    public static final int MAX_EXP = ChipLimits.WEIGHT_EXP_MAX;

    private WeightRounding() {}

    public static SignMode signMode(boolean anyPositive, boolean anyNegative) {
        if (anyPositive && anyNegative) {
            return SignMode.MIXED;
        }
        return anyNegative ? SignMode.INHIBITORY : SignMode.EXCITATORY;
    }

    /** Largest mantissa magnitude the mode stores exactly. */
    public static int fullMant(SignMode mode) {
        return mode == SignMode.MIXED ? ChipLimits.WEIGHT_MANT_MAX - 1 : ChipLimits.WEIGHT_MANT_MAX;
    }

    /** Mantissas are multiples of this. */
    public static int mantStep(SignMode mode) {
        return mode == SignMode.MIXED ? 2 : 1;
    }

    /** Chip units of one mantissa step at {@code exp}. */
    public static double unit(int exp, SignMode mode) {
        return mantStep(mode) * Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + exp);
    }

    /** The mantissa of chip value {@code x} at {@code exp} (not range checked). */
    public static int mant(double x, int exp, SignMode mode) {
        return (int) (mantStep(mode) * Math.rint(x / unit(exp, mode)));
    }

    /**
     * The smallest exponent at which {@code maxChipWeight} (a magnitude) rounds to a mantissa
     * that fits, or {@code MAX_EXP + 1} when none does.
     */
    public static int exponent(double maxChipWeight, SignMode mode) {
        int full = fullMant(mode);
        for (int e = MIN_EXP; e <= MAX_EXP; e++) {
            if (Math.abs(mant(maxChipWeight, e, mode)) <= full) {
                return e;
            }
        }
        return MAX_EXP + 1;
    }

    /** The largest mantissa magnitude {@code maxChipWeight} takes at its exponent. */
    public static int usedMant(double maxChipWeight, SignMode mode) {
        int e = exponent(maxChipWeight, mode);
        return e > MAX_EXP ? fullMant(mode) : Math.abs(mant(maxChipWeight, e, mode));
    }

    /**
     * Rounds the weights of {@code part} in {@code weights * factor} (factor = input gain x
     * scale) to mantissas at {@code exp}, the other weights to 0, and adds each post neuron's
     * largest possible positive / negative q per step to {@code qPositive} / {@code qNegative}
     * (every pre neuron spiking at once).
     */
    static Rounded round(double[][] weights, double factor, WeightPart part, int exp, long[] qPositive,
                         long[] qNegative) {
        SignMode mode = part.mode();
        int nPost = qPositive.length;
        int[] mants = new int[weights.length * nPost];
        // unit is a power of two, so multiplying by its inverse is exact and rounds alike.
        double perUnit = 1 / unit(exp, mode);
        int step = mantStep(mode);
        int shift = ChipLimits.WEIGHT_SHIFT + exp;
        double errorSquares = 0;
        double valueSquares = 0;
        int maxUsed = 0;
        long zeroed = 0;
        int k = 0;
        for (double[] row : weights) {
            for (int j = 0; j < nPost; j++, k++) {
                if (!part.holds(row[j])) {
                    continue;
                }
                double x = row[j] * factor;
                int m = step * (int) Math.rint(x * perUnit);
                mants[k] = m;
                long w = (long) m << shift;
                double error = x - w;
                errorSquares += error * error;
                valueSquares += x * x;
                maxUsed = Math.max(maxUsed, Math.abs(m));
                if (m == 0) {
                    zeroed++;
                }
                if (w > 0) {
                    qPositive[j] += w;
                } else {
                    qNegative[j] -= w;
                }
            }
        }
        return new Rounded(mants, errorSquares, valueSquares, maxUsed, zeroed);
    }

    /** Mantissas of one part and what rounding them cost. */
    public record Rounded(int[] mants, double errorSquares, double valueSquares, int maxUsed, long zeroed) {}
}
