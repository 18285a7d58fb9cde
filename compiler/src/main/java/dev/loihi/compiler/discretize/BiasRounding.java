package dev.loihi.compiler.discretize;

import dev.loihi.image.ChipLimits;

/**
 * Bias in chip units as a 13-bit signed mantissa with a per-compartment exponent 0..7
 * (LOIHI.md): the smallest exponent that fits keeps the most low bits.
 */
public final class BiasRounding {
    /** Largest bias magnitude: 4095 x 2^7. */
    public static final double MAX_BIAS = (double) ChipLimits.BIAS_MANT_MAX * (1 << ChipLimits.BIAS_EXP_MAX);

    private BiasRounding() {}

    /**
     * Fills {@code mants} and {@code exps} for {@code bias * scale}; returns the index of the
     * first bias that fits no exponent, or -1 when all fit.
     */
    public static int round(double[] bias, double scale, int[] mants, int[] exps) {
        for (int i = 0; i < bias.length; i++) {
            double x = bias[i] * scale;
            int e = 0;
            double m = Math.rint(x);
            while (Math.abs(m) > ChipLimits.BIAS_MANT_MAX && e < ChipLimits.BIAS_EXP_MAX) {
                e++;
                m = Math.rint(Math.scalb(x, -e));
            }
            if (Math.abs(m) > ChipLimits.BIAS_MANT_MAX) {
                return i;
            }
            mants[i] = (int) m;
            exps[i] = e;
        }
        return -1;
    }
}
