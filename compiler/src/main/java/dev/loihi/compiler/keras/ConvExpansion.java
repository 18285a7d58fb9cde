package dev.loihi.compiler.keras;

/**
 * Expands windowed layers into the [input][unit] kernels the rest of the compiler reads: each
 * output unit gets a weight from exactly the input units its window covers, every other
 * weight stays 0. Units are numbered as {@link ConvGeometry} says (position, then channel).
 */
final class ConvExpansion {
    private ConvExpansion() {}

    /**
     * A convolution.
     *
     * @param weights the Keras kernel in C order, shape [kernel..., inChannels, outChannels]
     */
    static double[][] conv(ConvGeometry g, double[] weights) {
        int cin = g.inChannels();
        int cout = g.outChannels();
        double[][] dense = new double[g.inUnits()][g.outUnits()];
        g.forEachTap((out, in, cell) -> {
            for (int ci = 0; ci < cin; ci++) {
                double[] row = dense[in * cin + ci];
                int from = (cell * cin + ci) * cout;
                for (int co = 0; co < cout; co++) {
                    row[out * cout + co] = weights[from + co];
                }
            }
        });
        return dense;
    }

    /** The bias of each output unit: the channel's bias at every position. */
    static double[] bias(ConvGeometry g, double[] perChannel) {
        double[] bias = new double[g.outUnits()];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = perChannel[j % g.outChannels()];
        }
        return bias;
    }

    /**
     * An average pool (in and out channels equal, each channel pooled alone); padded cells are
     * left out of the count. With {@code sum} the window's values are added instead.
     */
    static double[][] pool(ConvGeometry g, boolean sum) {
        int c = g.inChannels();
        int[] taps = g.tapsPerOutput();
        double[][] dense = new double[g.inUnits()][g.outUnits()];
        g.forEachTap((out, in, cell) -> {
            double w = sum ? 1.0 : 1.0 / taps[out];
            for (int ch = 0; ch < c; ch++) {
                dense[in * c + ch][out * c + ch] = w;
            }
        });
        return dense;
    }
}
