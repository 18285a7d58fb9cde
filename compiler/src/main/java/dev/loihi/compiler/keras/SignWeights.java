package dev.loihi.compiler.keras;

/**
 * The kernels of {@code BinaryDense} and {@code TernaryDense} (the BinaryNet-style Keras layers of
 * hls4ml's example models) at inference: binary {@code H * (2 round(clip((w/H + 1) / 2, 0, 1)) - 1)},
 * which is +H for w > 0 and -H otherwise (round half to even sends 0 to -H); ternary +H for
 * w/H > 0.5, -H for w/H <= -0.5, else 0.
 */
final class SignWeights implements TensorQuantizer {
    private final boolean ternary;
    private final double h;

    SignWeights(boolean ternary, double h) {
        this.ternary = ternary;
        this.h = h;
    }

    @Override
    public double[] quantize(double[] values, int[] shape) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double w = values[i] / h;
            if (ternary) {
                out[i] = w > 0.5 ? h : w <= -0.5 ? -h : 0;
            } else {
                double hardSigmoid = Math.max(0, Math.min(1, (w + 1) / 2));
                out[i] = h * (2 * Math.rint(hardSigmoid) - 1);
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return (ternary ? "ternarize" : "binarize") + "(H=" + h + ")";
    }
}
