package dev.loihi.compiler.calibrate;

import dev.loihi.image.Image;

/**
 * Runs a compiled image on inputs and returns its readout: per input, the readout's value per
 * output averaged over the presentation (the float model's pre-activation, when the conversion
 * is exact). The compiler does not run images; the host gives the search an emulator behind
 * this interface, so that candidates are scored bit for bit as they will run.
 */
@FunctionalInterface
public interface Predictor {
    double[][] readout(Image image, double[][] inputs, int steps);

    /**
     * The readouts at several presentation lengths: {@code [k][input][output]} for
     * {@code steps[k]}, each as {@link #readout} gives it. A predictor that can read them from one
     * presentation of the longest length (the emulator can) saves the shorter runs.
     */
    default double[][][] readouts(Image image, double[][] inputs, int[] steps) {
        double[][][] out = new double[steps.length][][];
        for (int k = 0; k < steps.length; k++) {
            out[k] = readout(image, inputs, steps[k]);
        }
        return out;
    }
}
