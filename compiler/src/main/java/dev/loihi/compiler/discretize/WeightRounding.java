package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.Weights;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.Arrays;

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
 *   <li>exponents stay in 0..7, and -1..7 for MIXED: the chip applies a negative exponent as a
 *       right shift of the mantissa before the fixed {@code << 6}, which drops low bits (the
 *       emulator's {@code Weights.image} does the same). A MIXED mantissa is even, so at -1 it
 *       drops nothing: its step halves from 128 to 64 chip units, what a sign split gives
 *       without the second axon. Below that nothing is gained: the smallest step of a weight is
 *       64 chip units, and the discretizer raises the scale instead.</li>
 * </ul>
 * Rounding is to nearest, ties to even ({@link Math#rint}), so it has no bias by sign.
 */
public final class WeightRounding {
    public static final int MIN_EXP = 0;
    /** The lowest exponent of a MIXED format: its even mantissa loses nothing to one right shift. */
    public static final int MIN_MIXED_EXP = -1;
    public static final int MAX_EXP = ChipLimits.WEIGHT_EXP_MAX;
    /** Errors below this fraction of a weight step are the float weight's own rounding, not the chip's. */
    static final double EXACT_TOLERANCE = 1e-9;

    private WeightRounding() {}

    public static SignMode signMode(boolean anyPositive, boolean anyNegative) {
        if (anyPositive && anyNegative) {
            return SignMode.MIXED;
        }
        return anyNegative ? SignMode.INHIBITORY : SignMode.EXCITATORY;
    }

    /** The lowest exponent at which {@code mode}'s mantissas lose no bit to the chip's first shift. */
    public static int minExp(SignMode mode) {
        return mode == SignMode.MIXED ? MIN_MIXED_EXP : MIN_EXP;
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
        for (int e = minExp(mode); e <= MAX_EXP; e++) {
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
     *
     * <p>Copies ({@link CopyRuns}): the K synapses from a run of pre copies to a run of post
     * copies carry one float weight x and act through their sum, so that sum is rounded, to
     * rint(K x) steps, and shared out as floor or floor + 1 steps each, the extra steps spread
     * over the pre and the post copies alike. The effective weight then has 1/K of a step of
     * resolution (a 3 x 3 run gains about 3 bits) at no cost in synapses; each synapse is still
     * within one step of x. The error reported is that of the sum, per synapse.
     *
     * @param rowStart    {@link CopyRuns#rows} of {@code weights}
     * @param columnStart {@link CopyRuns#columns} of the block
     * @return mantissas per entry of {@code weights} (0 for the entries of other parts)
     */
    static Rounded round(Weights weights, double factor, WeightPart part, int exp, int[] rowStart,
                         int[] columnStart, long[] qPositive, long[] qNegative) {
        SignMode mode = part.mode();
        int[] mants = new int[weights.entries()];
        // unit is a power of two, so multiplying by its inverse is exact and rounds alike.
        double unit = unit(exp, mode);
        double perUnit = 1 / unit;
        int step = mantStep(mode);
        int full = fullMant(mode) / step;
        double errorSquares = 0;
        double valueSquares = 0;
        for (int i = 0; i < weights.rows(); i = next(rowStart, i)) {
            int rows = CopyRuns.length(rowStart, i);
            // A run's rows and columns hold equal weights: round at each run's first row and column.
            for (int k = weights.start(i); k < weights.start(i + 1); k++) {
                int j = weights.column(k);
                double w = weights.value(k);
                if (columnStart[j] != j || !part.holds(w)) {
                    continue;
                }
                int columns = CopyRuns.length(columnStart, j);
                int cells = rows * columns;
                double x = w * factor;
                long sum = Math.max(-(long) full * cells, Math.min((long) full * cells,
                        (long) Math.rint(cells * x * perUnit)));
                spread(weights, mants, k, i, rows, columns, sum, step);
                double error = x - sum * unit / cells;
                if (Math.abs(error) <= EXACT_TOLERANCE * unit) {
                    // Only the double rounding of x itself (a weight shared by k copies is
                    // divided by k): the integers are the exact ones.
                    error = 0;
                }
                errorSquares += cells * error * error;
                valueSquares += cells * x * x;
            }
        }
        return tally(mants, weights, part, exp, errorSquares, valueSquares, qPositive, qNegative);
    }

    private static int next(int[] start, int i) {
        return i + CopyRuns.length(start, i);
    }

    /**
     * Writes {@code sum} steps over the rows x columns cell at (i, j): floor(sum / K) each, and
     * the sum mod K extra steps one per post copy in turn (so post copies differ by at most one
     * step), each on the next pre copy along a diagonal (so no synapse gets two). The run's rows
     * hold their entries at the same columns and its columns are adjacent entries, so row i + c's
     * entry at column j + d lies as far into its row as row i's {@code entry} at j, plus d.
     */
    private static void spread(Weights weights, int[] mants, int entry, int i, int rows, int columns, long sum,
                               int step) {
        int k = rows * columns;
        if (k == 1) {
            mants[entry] = step * (int) sum;
            return;
        }
        long low = Math.floorDiv(sum, k);
        int extra = (int) (sum - low * k);
        for (int c = 0; c < rows; c++) {
            int first = entry - weights.start(i) + weights.start(i + c);
            Arrays.fill(mants, first, first + columns, step * (int) low);
        }
        for (int e = 0; e < extra; e++) {
            int d = e % columns;
            int c = (e / columns + d) % rows;
            mants[entry - weights.start(i) + weights.start(i + c) + d] += step;
        }
    }

    /** What the mantissas of one part use and the largest q they can bring. */
    private static Rounded tally(int[] mants, Weights weights, WeightPart part, int exp,
                                 double errorSquares, double valueSquares, long[] qPositive, long[] qNegative) {
        int shift = ChipLimits.WEIGHT_SHIFT + exp;
        int maxUsed = 0;
        long zeroed = 0;
        for (int k = 0; k < mants.length; k++) {
            if (!part.holds(weights.value(k))) {
                continue;
            }
            int m = mants[k];
            long w = (long) m << shift;
            maxUsed = Math.max(maxUsed, Math.abs(m));
            if (m == 0) {
                zeroed++;
            }
            int j = weights.column(k);
            if (w > 0) {
                qPositive[j] += w;
            } else {
                qNegative[j] -= w;
            }
        }
        return new Rounded(mants, errorSquares, valueSquares, maxUsed, zeroed);
    }

    /**
     * Mantissas of one part, one per entry of the connection's {@link Weights} (0 for the other
     * parts' entries), and what rounding them cost.
     */
    public record Rounded(int[] mants, double errorSquares, double valueSquares, int maxUsed, long zeroed) {}
}
