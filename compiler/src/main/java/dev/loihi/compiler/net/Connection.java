package dev.loihi.compiler.net;

/**
 * Dense weights from {@code pre} (an input or an ensemble) to {@code post} (an ensemble):
 * one spike of pre neuron i adds {@code weights[i][j]} (threshold units) to post neuron j's
 * input current. {@code synapseTau} is the current's decay time constant in seconds;
 * 0 means the current lasts one step.
 *
 * @param quantized the weights come from a quantization-aware layer: small integers times a
 *     power of two, which the discretizer keeps exactly when some scale allows it
 */
public record Connection(String pre, String post, double[][] weights, double synapseTau, boolean quantized) {
    public Connection(String pre, String post, double[][] weights, double synapseTau) {
        this(pre, post, weights, synapseTau, false);
    }
}
