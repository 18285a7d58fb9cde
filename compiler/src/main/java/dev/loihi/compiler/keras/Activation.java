package dev.loihi.compiler.keras;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The activations an imported Dense layer may carry; the Keras spelling is {@link #kerasName()}.
 * RELU6 is min(max(x, 0), 6), MobileNet's activation: on the chip a ReLU neuron whose rate
 * saturates at the layer's scale, which is the cap itself when the calibration reaches it.
 */
public enum Activation {
    LINEAR, RELU, RELU6, SOFTMAX, SIGMOID;

    /** RELU6's cap. */
    public static final double RELU6_CAP = 6.0;

    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation Keras calls {@code name}; empty when this toolchain does not support it. */
    public static Optional<Activation> fromKeras(String name) {
        return Arrays.stream(values()).filter(a -> a.kerasName().equals(name)).findFirst();
    }

    /** A ReLU, capped or not: outputs at or above 0, as a max pool's ReLU tree needs. */
    public boolean relu() {
        return this == RELU || this == RELU6;
    }

    /** A layer's scale for this activation: where a ReLU6 clips its output, the cap bounds the scale too. */
    public double capScale(double scale) {
        return this == RELU6 ? Math.min(scale, RELU6_CAP) : scale;
    }

    /** Softmax and sigmoid squash the output layer only; the chip cannot compute them per neuron. */
    public boolean outputOnly() {
        return this == SOFTMAX || this == SIGMOID;
    }
}
