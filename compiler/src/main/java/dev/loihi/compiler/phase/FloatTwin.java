package dev.loihi.compiler.phase;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.keras.ValueQuantizer;
import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A post-training quantization of a float ReLU model (dense or convolutional) into the quantized
 * model {@link CnnPhasePlan} computes exactly: its "twin" (docs/CONVERSION.md, "Float models
 * through the phase code (session 10)"). Each hidden ReLU gets an unsigned grid of
 * {@code activationBits} (an HGQ-style {@code ufixed<bits, integers, RND, SAT>} after the ReLU),
 * whose power-of-two quantum is the smallest at which the top level reaches the chosen
 * percentile of the layer's positive activations on the calibration inputs; each layer's weights
 * are rounded to the nearest multiple of one power of two at which the largest is at most
 * {@code 2^(weightBits-1) - 1} of it, and its bias (optionally first corrected by the mean change
 * the rounded weights make on the calibration inputs) to the nearest multiple of that weight step
 * times the grid of the values below (the input step for the first layer), so every
 * pre-activation is an exact integer sum. The output layer keeps its activation and no grid:
 * the readout carries its exact pre-activation. Max-pool trees and pool sums (integer weights
 * already) are kept as they are.
 */
public final class FloatTwin {
    private FloatTwin() {}

    /** Why {@code model} has no twin, or null when it has one. */
    public static String whyNot(AnnModel model) {
        List<DenseLayer> layers = model.layers();
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            if (layer.quantizers().any()) {
                return "layer " + layer.name() + " is already quantized";
            }
            boolean last = l == layers.size() - 1;
            if (!last && layer.activation() != Activation.RELU && !CnnPhasePlan.pureSum(layer)) {
                return "hidden layer " + layer.name() + " has activation " + layer.activation().kerasName();
            }
            if (last && layer.activation() != Activation.LINEAR && !layer.activation().outputOnly()) {
                return "output layer " + layer.name() + " has activation " + layer.activation().kerasName();
            }
        }
        return null;
    }

    /**
     * The twin of {@code model} for inputs sent on a grid of {@code inputStep}, its activation
     * grids set from {@code calibration} (rows of model inputs). Expects {@link #whyNot} to be null.
     */
    public static AnnModel of(AnnModel model, double[][] calibration, double inputStep, PtqSettings settings) {
        String why = whyNot(model);
        if (why != null || !PhasePlan.powerOfTwo(inputStep) || calibration.length == 0) {
            throw new IllegalArgumentException("no PTQ twin: " + why + ", inputStep=" + inputStep + ", calibration rows="
                    + calibration.length);
        }
        List<double[][]> activations = FloatModel.layerOutputs(model, calibration);
        List<DenseLayer> layers = model.layers();
        List<DenseLayer> out = new ArrayList<>();
        double below = inputStep;
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            boolean last = l == layers.size() - 1;
            if (!last && (CnnPhasePlan.pureSum(layer) || CnnPhasePlan.maxTreeLevel(layer))) {
                // Integer weights on the same grid: the values keep the grid below.
                out.add(layer);
                continue;
            }
            double step = weightStep(layer.kernel(), settings.weightBits());
            double[][] kernel = new double[layer.inputSize()][];
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] = rounded(layer.kernel()[i], step);
            }
            double[] bias = settings.biasCorrection() ? corrected(layer, kernel, l == 0 ? calibration : activations.get(l - 1))
                    : layer.bias();
            bias = rounded(bias, step * below);
            LayerQuantizers q = LayerQuantizers.NONE;
            if (!last) {
                double quantum = quantum(percentile(activations.get(l), settings.percentile()), settings.activationBits());
                int integers = settings.activationBits() + Math.getExponent(quantum);
                q = new LayerQuantizers(null, null,
                        ValueQuantizer.fixedPoint(false, settings.activationBits(), integers, GridRounding.HALF_UP, false),
                        null);
                below = quantum;
            }
            out.add(new DenseLayer(layer.name(), kernel, bias, layer.activation(), q, layer.window()));
        }
        return new AnnModel(model.name(), model.inputSize(), out);
    }

    /** The bias plus the mean change the rounded kernel makes to the pre-activation over the calibration inputs {@code in}. */
    private static double[] corrected(DenseLayer layer, double[][] kernel, double[][] in) {
        double[] mean = new double[layer.inputSize()];
        for (double[] row : in) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row[i] / in.length;
            }
        }
        double[] b = layer.bias().clone();
        double[][] exact = layer.kernel();
        for (int i = 0; i < mean.length; i++) {
            if (mean[i] == 0) {
                continue;
            }
            for (int j = 0; j < b.length; j++) {
                b[j] += mean[i] * (exact[i][j] - kernel[i][j]);
            }
        }
        return b;
    }

    /** The smallest power of two s with max|w| / s <= 2^(bits-1) - 1 (1 for an all-zero kernel). */
    static double weightStep(double[][] kernel, int bits) {
        double max = 0;
        for (double[] row : kernel) {
            for (double w : row) {
                max = Math.max(max, Math.abs(w));
            }
        }
        return max == 0 ? 1 : smallestStep(max, (1 << (bits - 1)) - 1);
    }

    /** The smallest power-of-two quantum whose top level {@code 2^bits - 1} reaches {@code clip}. */
    static double quantum(double clip, int bits) {
        return clip > 0 ? smallestStep(clip, (1L << bits) - 1) : 1;
    }

    /** The p-th percentile (nearest rank) of the positive values, 0 when there are none. */
    static double percentile(double[][] values, double p) {
        double[] positive = Arrays.stream(values).flatMapToDouble(Arrays::stream).filter(v -> v > 0).sorted().toArray();
        if (positive.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * positive.length);
        return positive[Math.max(0, Math.min(positive.length, rank) - 1)];
    }

    /** The smallest power of two s with top x s >= x. */
    private static double smallestStep(double x, long top) {
        double s = Math.scalb(1.0, Math.getExponent(x / top));
        while (s * top < x) {
            s *= 2;
        }
        while (s / 2 * top >= x) {
            s /= 2;
        }
        return s;
    }

    /** Each value to the nearest multiple of {@code step}, half away from zero. */
    private static double[] rounded(double[] values, double step) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.signum(values[i]) * Math.floor(Math.abs(values[i]) / step + 0.5) * step;
        }
        return out;
    }
}
