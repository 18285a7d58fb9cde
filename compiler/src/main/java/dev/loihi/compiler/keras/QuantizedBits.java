package dev.loihi.compiler.keras;

/**
 * QKeras {@code quantized_bits} at inference (qkeras/quantizers.py), with {@code qnoise_factor}
 * 1 and no stochastic rounding:
 *
 * <ul>
 *   <li>fixed alpha (a number, or None for 1): with m = 2^(bits - keep_negative) and
 *       m_i = 2^integer, {@code alpha * m_i * clip(round(x * m / m_i), keep_negative * (-m +
 *       symmetric), m - 1) / m}, round being half to even; with bits - keep_negative = 0 the sign;
 *   <li>{@code "auto"}: a scale per output channel (the last axis), max|x / m_i| x 2 / levels,
 *       levels = 2 (2^(bits-1) - 1) when symmetric; {@code "auto_po2"}: that scale rounded to a
 *       power of two, then refined five times by least squares (sum xq / sum q^2 over the other
 *       axes, again rounded to a power of two); a 1-D tensor gets one such scale per element.
 *       The values are then {@code m_i * scale * sign(x) * min(floor(|x / m_i| / scale + 1/2),
 *       levels / 2)}.
 * </ul>
 */
final class QuantizedBits implements TensorQuantizer, ValueQuantizer {
    /** Keras's backend epsilon, which QKeras adds inside its logarithms and divisions. */
    static final double KERAS_EPSILON = 1e-7;
    private static final int REFINEMENTS = 5;

    private final int bits;
    private final int integer;
    private final boolean symmetric;
    private final boolean keepNegative;
    /** NaN for "auto" / "auto_po2". */
    private final double alpha;
    private final boolean po2;

    QuantizedBits(int bits, int integer, boolean symmetric, boolean keepNegative, double alpha, boolean po2) {
        this.bits = bits;
        this.integer = integer;
        this.symmetric = symmetric;
        this.keepNegative = keepNegative;
        this.alpha = alpha;
        this.po2 = po2;
    }

    boolean fixedScale() {
        return !Double.isNaN(alpha);
    }

    @Override
    public double apply(double x, int index) {
        double m = Math.scalb(1.0, bits - (keepNegative ? 1 : 0));
        double mi = Math.scalb(1.0, integer);
        double xq;
        if (bits - (keepNegative ? 1 : 0) > 0) {
            double low = keepNegative ? -m + (symmetric ? 1 : 0) : 0;
            xq = mi * Math.max(low, Math.min(m - 1, Math.rint(x * m / mi))) / m;
        } else {
            xq = x >= 0 ? 1 : -1;
            if (x == 0) {
                xq = 1;
            }
            if (!keepNegative) {
                xq = (xq + 1) / 2;
            }
        }
        return alpha * xq;
    }

    @Override
    public double maxOutput() {
        double m = Math.scalb(1.0, bits - (keepNegative ? 1 : 0));
        return Math.abs(alpha) * Math.scalb(1.0, integer) * Math.max(1, m - 1) / m;
    }

    @Override
    public double[] quantize(double[] values, int[] shape) {
        double[] out = new double[values.length];
        if (fixedScale()) {
            for (int i = 0; i < values.length; i++) {
                out[i] = apply(values[i], i);
            }
            return out;
        }
        double mi = Math.scalb(1.0, integer);
        double levels = symmetric ? 2 * (Math.scalb(1.0, bits - 1) - 1) : Math.scalb(1.0, bits) - 1;
        int channels = shape.length > 1 ? shape[shape.length - 1] : 1;
        double[] x = new double[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = values[i] / mi;
        }
        // The first scale: per channel for a kernel, one for a 1-D tensor.
        double[] channelMax = new double[channels];
        for (int i = 0; i < x.length; i++) {
            int c = i % channels;
            channelMax[c] = Math.max(channelMax[c], Math.abs(x[i]));
        }
        double[] scale = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            scale[i] = channelMax[i % channels] * 2 / levels;
        }
        if (po2) {
            for (int i = 0; i < x.length; i++) {
                scale[i] = powerOfTwo(scale[i]);
            }
            for (int round = 0; round < REFINEMENTS; round++) {
                scale = leastSquares(x, levels, scale, shape.length > 1 ? channels : x.length);
            }
        }
        for (int i = 0; i < x.length; i++) {
            out[i] = mi * scale[i] * level(x[i], scale[i], levels);
        }
        return out;
    }

    /** sign(x) x min(floor(|x| / scale + 1/2), levels / 2). */
    private static double level(double x, double scale, double levels) {
        double v = Math.floor(Math.abs(x) / scale + 0.5);
        return Math.signum(x) * (v < levels / 2 ? v : levels / 2);
    }

    /**
     * The least-squares power-of-two scale of each group: a kernel's groups are its output
     * channels ({@code groups} = the last axis), a 1-D tensor's its elements.
     */
    private static double[] leastSquares(double[] x, double levels, double[] scale, int groups) {
        double[] qx = new double[groups];
        double[] qq = new double[groups];
        for (int i = 0; i < x.length; i++) {
            double q = level(x[i], scale[i], levels);
            qx[i % groups] += x[i] * q;
            qq[i % groups] += q * q;
        }
        // Means in QKeras; the ratio of sums is the same ratio (the epsilon is added to the mean).
        int per = x.length / groups;
        double[] next = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int g = i % groups;
            next[i] = powerOfTwo((qx[g] / per) / (qq[g] / per + KERAS_EPSILON));
        }
        return next;
    }

    private static double powerOfTwo(double s) {
        return Math.pow(2.0, Math.rint(Math.log(s + KERAS_EPSILON) / Math.log(2.0)));
    }

    @Override
    public String describe() {
        String a = fixedScale() ? (alpha == 1 ? "" : ",alpha=" + alpha) : po2 ? ",alpha='auto_po2'" : ",alpha='auto'";
        return "quantized_bits(" + bits + "," + integer + "," + (symmetric ? 1 : 0)
                + (keepNegative ? "" : ",keep_negative=False") + a + ")";
    }
}
