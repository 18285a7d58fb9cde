package dev.loihi.compiler.keras;

/**
 * Depthwise and separable convolutions as the one convolution they compute: a kernel in
 * Keras's C order, [window cells, in channels, out channels], that {@link ConvExpansion#conv}
 * expands like any other.
 */
final class DepthwiseKernels {
    private DepthwiseKernels() {}

    /** A 1 x 1 pointwise kernel, [in channels x multiplier][filters] in C order. */
    record Pointwise(double[] kernel, int filters) {}

    /**
     * @param depthwise Keras's depthwise kernel, [cells, channels, multiplier] in C order
     * @param pointwise null for a depthwise convolution: output channel c x multiplier + m reads
     *                  channel c alone through kernel m, and every other weight is zero;
     *                  otherwise the separable convolution's full kernel, the depthwise kernels
     *                  summed through the pointwise weights
     */
    static double[] full(double[] depthwise, int cells, int channels, int multiplier, Pointwise pointwise) {
        int depth = channels * multiplier;
        int out = pointwise == null ? depth : pointwise.filters();
        double[] full = new double[cells * channels * out];
        for (int cell = 0; cell < cells; cell++) {
            for (int c = 0; c < channels; c++) {
                int row = (cell * channels + c) * out;
                for (int m = 0; m < multiplier; m++) {
                    double d = depthwise[(cell * channels + c) * multiplier + m];
                    int mid = c * multiplier + m;
                    if (pointwise == null) {
                        full[row + mid] = d;
                        continue;
                    }
                    for (int f = 0; f < out; f++) {
                        full[row + f] += d * pointwise.kernel()[mid * out + f];
                    }
                }
            }
        }
        return full;
    }
}
