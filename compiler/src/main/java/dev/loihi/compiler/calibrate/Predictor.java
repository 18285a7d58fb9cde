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
}
