package dev.loihi.compiler.net;

import java.util.Map;

/**
 * An ensemble's chip choices given instead of searched: what a graph exported from an image
 * (export-nir) carries, so that compiling it again gives the image's bytes rather than a new
 * choice made on weights that are already quantized.
 *
 * @param scale        chip units per float unit (the threshold, for a spiking ensemble)
 * @param exps         per pre (input or ensemble name), the weight exponent of each synapse
 *                     format its connection is cut into, in the discretizer's part order
 *                     (one part, or excitatory then inhibitory)
 * @param residualExps per pre, the exponent of each part's residual format, or
 *                     {@link #NO_RESIDUAL}; same length as {@code exps}
 * @param bindingLimit, weightRmsError, bitsLost, zeroedWeights, maxRate  the report's figures as
 *                     measured when the ensemble was first discretized from its float weights,
 *                     which the quantized graph no longer holds
 */
public record GivenBlock(double scale, Map<String, int[]> exps, Map<String, int[]> residualExps, String bindingLimit,
                         double weightRmsError, double bitsLost, long zeroedWeights, double maxRate) {
    public static final int NO_RESIDUAL = Integer.MIN_VALUE;

    public GivenBlock {
        exps = Map.copyOf(exps);
        residualExps = Map.copyOf(residualExps);
    }
}
