package dev.loihi.compiler.convert;

/**
 * The normalization scales of a converted model, in the units of the float activations.
 *
 * @param input lambda_0: the input magnitude that the host encodes as one spike per step
 * @param hidden lambda_l for each hidden layer l = 1..L-1: the ReLU activation that a neuron
 *     of layer l represents by firing at the maximum rate
 * @param dataBased true when taken from calibration activations, false for the weight bound
 */
public record LayerScales(double input, double[] hidden, boolean dataBased) {
    public LayerScales {
        hidden = hidden.clone();
    }

    @Override
    public double[] hidden() {
        return hidden.clone();
    }
}
