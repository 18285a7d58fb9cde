package dev.loihi.compiler.calibrate;

import dev.loihi.image.Image;
import java.util.Map;

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

    /**
     * Inside the image: by block (layer) name, each input's spikes per step of every compartment
     * of the block, {@code [input][neuron]} in block order, counted over steps {@code from + 1}
     * to {@code steps} of a presentation of {@code steps}. Null where the predictor cannot look
     * inside an image; the stages that need it ({@link BiasTrim}) then do not run.
     */
    default Map<String, double[][]> layerRates(Image image, double[][] inputs, int steps, int from) {
        return null;
    }

    /**
     * Inside the image: by block (layer) name, the largest |u| any of its compartments reached
     * at the end of any step of a presentation of {@code steps} of any of {@code inputs}, as a
     * share of u's range (2^23 - 1). Null where the predictor cannot look inside an image; the
     * stage that needs it ({@link HeadroomStage}) then does not run.
     */
    default Map<String, Double> currentPeaks(Image image, double[][] inputs, int steps) {
        return null;
    }
}
