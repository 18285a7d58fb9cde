package dev.loihi.compiler.keras;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The activations an imported Dense layer may carry; the Keras spelling is {@link #kerasName()}. */
public enum Activation {
    LINEAR, RELU, SOFTMAX, SIGMOID;

    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation Keras calls {@code name}; empty when this toolchain does not support it. */
    public static Optional<Activation> fromKeras(String name) {
        return Arrays.stream(values()).filter(a -> a.kerasName().equals(name)).findFirst();
    }

    /** Softmax and sigmoid squash the output layer only; the chip cannot compute them per neuron. */
    public boolean outputOnly() {
        return this == SOFTMAX || this == SIGMOID;
    }
}
