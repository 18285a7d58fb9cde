package dev.loihi.compiler.net;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;

/**
 * Weights from {@code pre} (an input or an ensemble) to {@code post} (an ensemble): one spike
 * of pre neuron i adds {@code synapses[i][j]} (threshold units) to post neuron j's input
 * current, held as its nonzero entries ({@link Weights}). {@code synapseTau} is the current's
 * decay time constant in seconds; 0 means the current lasts one step.
 *
 * @param quantized the weights come from a quantization-aware layer: small integers times a
 *     power of two, which the discretizer keeps exactly when some scale allows it
 * @param sharedAtoms for a convolution between ensembles, the pre neurons of one input position
 *     (channels x copies, adjacent): the compiler may then send them through one population
 *     axon each, with shared weight lists, instead of a weight row per neuron; 0 for a
 *     connection without that structure
 */
public record Connection(String pre, String post, Weights synapses, double synapseTau, boolean quantized,
                         int sharedAtoms) {
    public Connection(String pre, String post, double[][] weights, double synapseTau, boolean quantized,
                      int sharedAtoms) {
        this(pre, post, entries(pre, post, weights), synapseTau, quantized, sharedAtoms);
    }

    /** The entries of a rectangular matrix; anything else is refused naming the connection, as the network check would. */
    private static Weights entries(String pre, String post, double[][] weights) {
        String where = "connection " + pre + " -> " + post;
        if (weights == null) {
            throw new LoihiException(CompilerErrors.NETWORK_SHAPE, where + ": no weights");
        }
        int columns = weights.length == 0 || weights[0] == null ? 0 : weights[0].length;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] == null || weights[i].length != columns) {
                throw new LoihiException(CompilerErrors.NETWORK_SHAPE, where + ": weight rows differ in length: row=" + i
                        + ", expected=" + columns + ", actual=" + (weights[i] == null ? 0 : weights[i].length));
            }
        }
        return Weights.of(weights);
    }

    /** A connection of discrete axons only, with float weights. */
    public Connection(String pre, String post, double[][] weights, double synapseTau) {
        this(pre, post, weights, synapseTau, false, 0);
    }

    /** A connection of discrete axons only. */
    public Connection(String pre, String post, double[][] weights, double synapseTau, boolean quantized) {
        this(pre, post, weights, synapseTau, quantized, 0);
    }

    /** A connection with float weights whose pre neurons may share population axons. */
    public Connection(String pre, String post, double[][] weights, double synapseTau, int sharedAtoms) {
        this(pre, post, weights, synapseTau, false, sharedAtoms);
    }

    /** The weights with every entry, [pre][post]: for the passes that read a small connection whole. */
    public double[][] weights() {
        return synapses.dense();
    }
}
