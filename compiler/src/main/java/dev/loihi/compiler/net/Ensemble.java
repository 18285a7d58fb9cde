package dev.loihi.compiler.net;

/**
 * A group of neurons in float units: a neuron spikes when its voltage exceeds 1 (the
 * threshold), {@code bias[i]} is added to neuron i every step. Time constants are in seconds
 * at dt = 1 ms.
 */
public record Ensemble(String name, int n, NeuronType type, double tauRc, double tauRef, double[] bias) {
    public Ensemble {
        if (bias.length != n) {
            throw new IllegalArgumentException("ensemble " + name + ": bias length " + bias.length + " != n=" + n);
        }
    }
}
