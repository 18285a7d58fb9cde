package dev.loihi.compiler.net;

/**
 * A group of neurons in float units: a neuron spikes when its voltage exceeds 1 (the
 * threshold), {@code bias[i]} is added to neuron i every step. Time constants are in seconds
 * at dt = 1 ms.
 *
 * @param start for SUBTRACTIVE_RELU, the value in [0, 1) neuron i's sum starts each
 *              presentation from, or null for 1/2 everywhere (counts then round rather than
 *              truncate); copies of one neuron started at staggered values resolve its rate more
 *              finely together than one neuron can. Null for every other type.
 */
public record Ensemble(String name, int n, NeuronType type, double tauRc, double tauRef, double[] bias,
                       double[] start) {
    public Ensemble {
        if (bias.length != n) {
            throw new IllegalArgumentException("ensemble " + name + ": bias length " + bias.length + " != n=" + n);
        }
    }

    /** An ensemble whose SUBTRACTIVE_RELU neurons, if any, start at 1/2. */
    public Ensemble(String name, int n, NeuronType type, double tauRc, double tauRef, double[] bias) {
        this(name, n, type, tauRc, tauRef, bias, null);
    }

    /** Where neuron i's sum starts: {@code start[i]}, or 1/2 without starts. */
    public double startOf(int i) {
        return start == null ? 0.5 : start[i];
    }
}
