package dev.loihi.compiler.keras;

/**
 * QKeras {@code quantized_po2} at inference: {@code sign(x) * 2^e} (sign 0 counts as +), e =
 * clip(round(log2(min(|x|, max_value))), min_exp, max_exp), or floor instead of round with
 * {@code log2_rounding="floor"}; |x| below the Keras epsilon gives min_exp. bits holds the sign
 * of x and the exponent, which needs its own sign bit unless max_value <= 1:
 * min_exp = -2^(bits - 1 - s), max_exp = 2^(bits - 1 - s) - 1 (made even, as is the
 * exponent, with {@code quadratic_approximation}, which rounds the exponent of sqrt|x|).
 */
final class QuantizedPo2 implements TensorQuantizer, ValueQuantizer {
    private final int bits;
    /** NaN when not set. */
    private final double maxValue;
    private final boolean quadratic;
    private final boolean floor;
    private final int minExp;
    private final int maxExp;

    QuantizedPo2(int bits, double maxValue, boolean quadratic, boolean floor) {
        this.bits = bits;
        this.maxValue = maxValue;
        this.quadratic = quadratic;
        this.floor = floor;
        int sign = Double.isNaN(maxValue) || maxValue > 1 ? 1 : 0;
        int effective = bits - 1 - sign;
        this.minExp = -(1 << effective);
        int max = (1 << effective) - 1;
        this.maxExp = quadratic ? 2 * Math.floorDiv(max, 2) : max;
    }

    @Override
    public double apply(double x, int index) {
        double sign = x < 0 ? -1 : 1;
        double abs = Math.abs(x);
        double exponent;
        if (abs < QuantizedBits.KERAS_EPSILON) {
            exponent = minExp;
        } else {
            double v = !Double.isNaN(maxValue) && abs >= maxValue ? maxValue : abs;
            double factor = quadratic ? 2 : 1;
            double in = quadratic ? Math.sqrt(v) : v;
            double log2 = Math.log(in) / Math.log(2.0);
            double rounded = floor ? Math.floor(log2) : Math.rint(log2);
            exponent = factor * Math.max(minExp, Math.min(maxExp, rounded));
        }
        return sign * Math.pow(2.0, exponent);
    }

    @Override
    public double maxOutput() {
        return Math.pow(2.0, quadratic ? 2 * maxExp : maxExp);
    }

    @Override
    public double[] quantize(double[] values, int[] shape) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = apply(values[i], i);
        }
        return out;
    }

    @Override
    public String describe() {
        return "quantized_po2(" + bits + (Double.isNaN(maxValue) ? "" : "," + maxValue) + ")";
    }
}
