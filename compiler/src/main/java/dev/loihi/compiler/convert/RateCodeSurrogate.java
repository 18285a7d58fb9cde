package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.net.NeuronType;
import java.util.ArrayList;
import java.util.List;

/**
 * The readout a converted model gives, estimated in float without building the network: every
 * value is carried as the spike counts the rate code gives it over a presentation, with the
 * chip's ceiling, the staggered starts of the copies and the host's accumulators, but without
 * the integer mapping (weight and bias rounding, the leak) and with each layer's drive taken as
 * constant over the presentation. It costs one float pass per input, where an image costs a
 * conversion, a compile and an emulated presentation, so a search can rank candidates on it
 * when compiling each one is too slow (docs/CONVERSION.md, "Calibration by search").
 *
 * <p>A neuron with constant drive d per step, whose sum starts at s and loses 1 at each spike,
 * fires floor(s + W d) times in W steps, at most W; an input accumulator started at s with
 * rate r delivers floor(s + W r) spikes. W is the presentation less the host's settling steps,
 * min(2 x layers, T / 10), the layers counted as the image counts them (hidden layers, the
 * readout and the bias block).
 */
public final class RateCodeSurrogate {
    private final AnnModel merged;
    private final double[] lambda;
    private final double inputScale;
    private final double maxRate;
    private final int replicas;
    private final int inputCopies;

    private RateCodeSurrogate(AnnModel merged, LayerScales scales, ConvertOptions options) {
        this.merged = merged;
        this.lambda = scales.hidden();
        this.inputScale = scales.input();
        this.maxRate = options.maxRate();
        this.replicas = options.replicaCount();
        this.inputCopies = options.inputCopyCount();
    }

    /** True when the surrogate models {@code options}' neurons: integrate-and-fire with reset by subtraction. */
    public static boolean models(ConvertOptions options) {
        return options.hiddenType() == NeuronType.SUBTRACTIVE_RELU;
    }

    /**
     * The surrogates of {@code model} converted with {@code options} (calibration inputs given)
     * at each of {@code percentiles}, with the scales and copies {@link AnnToSnn#convert} would
     * use; the model is merged and the calibration activations computed once for all of them.
     */
    public static List<RateCodeSurrogate> of(AnnModel model, ConvertOptions options, double[] percentiles) {
        AnnModel merged = LinearMerge.merge(model);
        ConvertOptions fitted = CopyBudget.fit(merged, options);
        List<double[][]> outputs = FloatModel.layerOutputs(merged, options.calibrationInputs());
        List<RateCodeSurrogate> out = new ArrayList<>();
        for (double p : percentiles) {
            ConvertOptions candidate = fitted.withPercentile(p);
            LayerScales scales = RateNormalizer.scales(merged, candidate, outputs);
            if (QuantizedScales.applies(merged)) {
                scales = QuantizedScales.powersOfTwo(merged, scales);
            }
            out.add(new RateCodeSurrogate(merged, scales, candidate));
        }
        return out;
    }

    /**
     * Weights in the dense float matrices {@link AnnToSnn#convert} builds for {@code model} with
     * {@code options}' copies (as {@link CopyBudget} fits them): what a conversion and compile
     * cost grows with.
     */
    public static long weights(AnnModel model, ConvertOptions options) {
        AnnModel merged = LinearMerge.merge(model);
        ConvertOptions fitted = CopyBudget.fit(merged, options);
        long total = 0;
        long rows = 2L * merged.inputSize() * fitted.inputCopyCount();
        for (int l = 0; l < merged.layers().size(); l++) {
            boolean readout = l == merged.layers().size() - 1;
            long columns = (long) merged.layers().get(l).units() * (readout ? 1 : fitted.replicaCount());
            total += rows * columns;
            rows = columns;
        }
        return total;
    }

    /** The readout per input, one array per presentation length in {@code steps}: the mean per-step value, as the host reads it. */
    public double[][][] readouts(double[][] x, int[] steps) {
        double[][][] out = new double[steps.length][x.length][];
        for (int k = 0; k < steps.length; k++) {
            int window = steps[k] - Math.min(2 * (merged.layers().size() + 1), steps[k] / 10);
            for (int i = 0; i < x.length; i++) {
                out[k][i] = readout(x[i], window);
            }
        }
        return out;
    }

    private double[] readout(double[] x, int window) {
        double[] a = new double[x.length];
        for (int f = 0; f < x.length; f++) {
            double rate = Math.min(Math.abs(x[f]) / inputScale, 1.0);
            a[f] = Math.signum(x[f]) * inputScale * counted(rate, inputCopies, window);
        }
        int last = merged.layers().size() - 1;
        for (int l = 0; l < last; l++) {
            double[] z = FloatModel.affine(merged.layers().get(l), a);
            for (int j = 0; j < z.length; j++) {
                double drive = Math.max(0.0, maxRate * z[j] / lambda[l]);
                z[j] = lambda[l] / maxRate * counted(Math.min(drive, 1.0), replicas, window);
            }
            a = z;
        }
        DenseLayer readout = merged.layers().get(last);
        return FloatModel.affine(readout, a);
    }

    /**
     * The rate that {@code copies} copies started at (c + 1/2) / copies carry, together, over
     * {@code window} steps of constant {@code rate} (in [0, 1]): their mean count per step.
     */
    static double counted(double rate, int copies, int window) {
        if (rate == 0.0) {
            return 0.0;
        }
        long spikes = 0;
        for (int c = 0; c < copies; c++) {
            spikes += Math.min(window, (long) Math.floor((c + 0.5) / copies + window * rate));
        }
        return (double) spikes / ((double) copies * window);
    }
}
