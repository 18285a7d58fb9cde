package dev.loihi.compiler.convert;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses each layer's scale lambda so that a neuron's spike rate can represent its ReLU
 * activation: a rate is at most one spike per step, so activations are divided by lambda.
 *
 * <p>Data-based (calibration inputs given): lambda_l is a high percentile of layer l's ReLU
 * activations over the calibration set, computed with the float model, and lambda_0 the same
 * percentile of |x|. A percentile rather than the maximum keeps one outlier from compressing
 * every other activation into a few spikes; the rare larger activations saturate instead.
 * Convolutions and pools take the maximum ({@link ConvertOptions#percentileFor}).
 *
 * <p>Weight-based (no calibration): the inputs are assumed standardized, each feature a
 * zero-mean Gaussian with standard deviation lambda_0 / {@value #INPUT_SIGMAS}, and the same
 * percentile is estimated from the weights by propagating means and variances
 * ({@link GaussianMoments}). The strict bound (every input at its extreme at once) was tried
 * first and rejected: it compounds over layers, and on the 16-64-32-32-5 jet tagger it left
 * the deeper layers almost silent (under 5% agreement with the float model in 100 steps).
 */
public final class RateNormalizer {
    /** lambda_0 spans this many standard deviations of an input feature when no data is given. */
    static final double INPUT_SIGMAS = 4.0;

    private RateNormalizer() {}

    /** Scales for {@code model}, whose hidden layers must all be ReLU (see {@link LinearMerge}). */
    public static LayerScales scales(AnnModel model, ConvertOptions options) {
        int hiddenCount = model.layers().size() - 1;
        double[] hidden = new double[hiddenCount];
        double input;
        if (options.dataBased()) {
            return scales(model, options, calibrationOutputs(model, options));
        } else {
            input = Double.isNaN(options.inputScale()) ? ConvertOptions.DEFAULT_INPUT_SCALE : options.inputScale();
            GaussianMoments.Moments moments = GaussianMoments.inputs(model.inputSize(), input / INPUT_SIGMAS);
            for (int l = 0; l < hiddenCount; l++) {
                GaussianMoments.Moments z = GaussianMoments.preActivation(model.layers().get(l), moments);
                double scale = GaussianMoments.reluPercentile(z,
                        options.percentileFor(model.layers().get(l).window() != null));
                // a ReLU6 clips at its cap, so the chip's saturation goes no higher
                hidden[l] = model.layers().get(l).activation().capScale(scale > 0.0 ? scale : 1.0);
                moments = GaussianMoments.relu(z);
            }
        }
        return new LayerScales(input, hidden, options.dataBased());
    }

    /** Every layer's outputs on {@code options}' calibration inputs, checked first. */
    static List<double[][]> calibrationOutputs(AnnModel model, ConvertOptions options) {
        return FloatModel.layerOutputs(model, checkedCalibration(model, options.calibrationInputs()));
    }

    /**
     * Data-based scales from the calibration activations {@code outputs} of {@code model}
     * ({@link FloatModel#layerOutputs} of {@code options}' calibration inputs), so that several
     * percentiles can share one float pass.
     */
    static LayerScales scales(AnnModel model, ConvertOptions options, List<double[][]> outputs) {
        double[][] x = options.calibrationInputs();
        double inputPercentile = options.percentileFor(model.layers().get(0).window() != null);
        double input = Double.isNaN(options.inputScale()) ? positive(percentile(abs(x), inputPercentile), abs(x))
                : options.inputScale();
        double[] hidden = new double[model.layers().size() - 1];
        for (int l = 0; l < hidden.length; l++) {
            double[] values = flatten(outputs.get(l));
            hidden[l] = positive(percentile(values, options.percentileFor(model.layers().get(l).window() != null)),
                    values);
        }
        return new LayerScales(input, hidden, true);
    }

    /** The p-th percentile with linear interpolation between order statistics (numpy's default). */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * A usable scale: the percentile, or the maximum when the percentile is 0 (a mostly silent
     * layer), or 1 when the layer never activates (any scale represents zero).
     */
    private static double positive(double scale, double[] values) {
        if (scale > 0.0) {
            return scale;
        }
        double max = Arrays.stream(values).max().orElse(0.0);
        return max > 0.0 ? max : 1.0;
    }

    private static double[][] checkedCalibration(AnnModel model, double[][] x) {
        if (x.length == 0) {
            throw new LoihiException(CompilerErrors.CONVERT_BAD_CALIBRATION, "calibration set is empty: model=" + model.name());
        }
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != model.inputSize()) {
                throw new LoihiException(CompilerErrors.CONVERT_BAD_CALIBRATION, "calibration row has the wrong width: row=" + r
                        + ", width=" + x[r].length + ", inputSize=" + model.inputSize());
            }
            for (int c = 0; c < x[r].length; c++) {
                if (!Double.isFinite(x[r][c])) {
                    throw new LoihiException(CompilerErrors.CONVERT_BAD_CALIBRATION, "non-finite calibration value: row=" + r
                            + ", column=" + c + ", value=" + x[r][c]);
                }
            }
        }
        return x;
    }

    private static double[] abs(double[][] x) {
        double[] out = flatten(x);
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.abs(out[i]);
        }
        return out;
    }

    private static double[] flatten(double[][] m) {
        return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }
}
