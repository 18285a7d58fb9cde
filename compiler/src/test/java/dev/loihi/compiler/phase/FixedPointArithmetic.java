package dev.loihi.compiler.phase;

import dev.loihi.compiler.keras.ValueQuantizer;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * An ap_fixed cast written out independently of the importer's quantizer, for the phase code's
 * CNN tests: {@code keepNegative} sign bit, {@code bits} in all, {@code integers} of them
 * before the point; r = round(x 2^f) with f = bits - integers, then WRAP (two's complement of
 * the width) or SAT (clip to [low, high]).
 */
record FixedPointArithmetic(int keepNegative, int bits, int integers, ValueQuantizer.GridRounding rounding, boolean wrap)
        implements ValueQuantizer {

    /** pre, ReLU, out on the pre-activation's level n (on pre's grid), in levels of out's grid. */
    static LongUnaryOperator reluChain(FixedPointArithmetic pre, FixedPointArithmetic out) {
        double q = pre.fixedGrid().quantum();
        double qo = out.fixedGrid().quantum();
        return n -> Math.round(out.apply(Math.max(0, pre.apply(n * q, 0)), 0) / qo);
    }

    long high() {
        return (1L << (bits - keepNegative)) - 1;
    }

    long low() {
        return keepNegative == 1 ? -(1L << (bits - 1)) : 0;
    }

    /** The level of integer r after overflow: wrapped by the width's span or clipped. */
    long overflow(long r) {
        if (!wrap) {
            return Math.max(low(), Math.min(high(), r));
        }
        long span = 1L << bits;
        return low() + Math.floorMod(r - low(), span);
    }

    @Override
    public double apply(double x, int index) {
        double scaled = Math.scalb(x, bits - integers);
        long r = switch (rounding) {
            case FLOOR -> (long) Math.floor(scaled);
            case HALF_UP -> (long) Math.floor(scaled + 0.5);
            case HALF_EVEN -> (long) Math.rint(scaled);
        };
        return Math.scalb((double) overflow(r), integers - bits);
    }

    @Override
    public double maxOutput() {
        return Math.scalb((double) high(), integers - bits);
    }

    @Override
    public FixedGrid fixedGrid() {
        return new FixedGrid(Math.scalb(1.0, integers - bits), rounding);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s<%d,%d,%s,%s>", keepNegative == 1 ? "fixed" : "ufixed", bits, integers, rounding,
                wrap ? "WRAP" : "SAT");
    }
}
