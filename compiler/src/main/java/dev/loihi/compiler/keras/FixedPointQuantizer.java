package dev.loihi.compiler.keras;

import java.util.Arrays;

/**
 * HGQ's {@code FixedPointQuantizer} (an ap_fixed / ap_ufixed cast) at inference: with f = bits -
 * integers fractional bits, {@code r = RND(x * 2^f)} (TRN: floor; RND: floor(r + 1/2); RND_CONV:
 * half to even), then SAT clips r to [low, high] and WRAP wraps it into that range, high =
 * 2^(bits - k) - 1, low = -(high + 1) k for keep_negative k; the value is r / 2^f, or 0 where
 * bits = 0. Bit widths are per element, broadcast from a smaller stored shape (one value for a
 * homogeneous quantizer).
 */
final class FixedPointQuantizer implements ValueQuantizer {
    enum Rounding { TRN, RND, RND_CONV }

    enum Overflow { WRAP, SAT }

    private final int[] keepNegative;
    private final int[] bits;
    private final int[] integers;
    private final Rounding rounding;
    private final Overflow overflow;

    /** The three arrays hold one entry per element (already broadcast), or one for all. */
    FixedPointQuantizer(int[] keepNegative, int[] bits, int[] integers, Rounding rounding, Overflow overflow) {
        this.keepNegative = keepNegative;
        this.bits = bits;
        this.integers = integers;
        this.rounding = rounding;
        this.overflow = overflow;
    }

    boolean homogeneous() {
        return bits.length == 1;
    }

    @Override
    public double apply(double x, int index) {
        int i = bits.length == 1 ? 0 : index;
        int b = bits[i];
        if (b == 0) {
            return 0;
        }
        int k = keepNegative[i];
        double scale = Math.scalb(1.0, b - integers[i]);
        double scaled = x * scale;
        double r = switch (rounding) {
            case TRN -> Math.floor(scaled);
            case RND -> Math.floor(scaled + 0.5);
            case RND_CONV -> Math.rint(scaled);
        };
        double high = Math.scalb(1.0, b - k) - 1;
        double low = -(high + 1) * k;
        if (overflow == Overflow.SAT) {
            r = Math.max(low, Math.min(high, r));
        } else {
            double span = high - low + 1;
            r = r - low - span * Math.floor((r - low) / span) + low;
        }
        return r / scale;
    }

    /** TRN floors x 2^f, which lowers a value by half a step 2^-f on average; RND and RND_CONV round to the nearest. */
    @Override
    public double roundingBias(int index) {
        int i = bits.length == 1 ? 0 : index;
        return rounding == Rounding.TRN && bits[i] > 0 ? -0.5 * Math.scalb(1.0, integers[i] - bits[i]) : 0.0;
    }

    /**
     * The grid when every element has one width and SAT clips: after a ReLU its values are k x
     * 2^-f, k in 0..high. WRAP folds large values back to small ones, which counts cannot do;
     * more than 16 magnitude bits would make windows thousands of steps long.
     */
    @Override
    public ReluGrid reluGrid() {
        if (overflow != Overflow.SAT || !uniform(bits) || !uniform(integers) || !uniform(keepNegative) || bits[0] - keepNegative[0] < 1
                || bits[0] - keepNegative[0] > 16) {
            return null;
        }
        return new ReluGrid(Math.scalb(1.0, integers[0] - bits[0]), (1 << (bits[0] - keepNegative[0])) - 1, gridRounding());
    }

    /** One grid for every element (uniform widths, at least one bit): 2^-f, rounded as this quantizer rounds. */
    @Override
    public FixedGrid fixedGrid() {
        if (!uniform(bits) || !uniform(integers) || !uniform(keepNegative) || bits[0] < 1) {
            return null;
        }
        return new FixedGrid(Math.scalb(1.0, integers[0] - bits[0]), gridRounding());
    }

    private GridRounding gridRounding() {
        return switch (rounding) {
            case TRN -> GridRounding.FLOOR;
            case RND -> GridRounding.HALF_UP;
            case RND_CONV -> GridRounding.HALF_EVEN;
        };
    }

    private static boolean uniform(int[] v) {
        return Arrays.stream(v).allMatch(x -> x == v[0]);
    }

    @Override
    public double maxOutput() {
        double max = 0;
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] > 0) {
                max = Math.max(max, (Math.scalb(1.0, bits[i] - keepNegative[i]) - 1) / Math.scalb(1.0, bits[i] - integers[i]));
            }
        }
        return max;
    }

    @Override
    public String describe() {
        if (homogeneous()) {
            return (keepNegative[0] == 1 ? "fixed<" : "ufixed<") + bits[0] + "," + integers[0] + "," + rounding + ","
                    + overflow + ">";
        }
        return "fixed per element (bits " + Arrays.stream(bits).min().orElse(0) + ".."
                + Arrays.stream(bits).max().orElse(0) + ", " + rounding + ", " + overflow + ")";
    }
}
