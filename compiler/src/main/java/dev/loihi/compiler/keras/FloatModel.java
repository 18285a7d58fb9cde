package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.util.ArrayList;
import java.util.List;

/**
 * The imported network evaluated in double precision, as Keras would (up to float32 rounding):
 * the reference the spiking network is measured against, and the source of the activations
 * that data-based rate normalization needs.
 */
public final class FloatModel {

    private FloatModel() {}

    /** The model's outputs (after the last activation) for each row of {@code x}. */
    public static double[][] predict(AnnModel model, double[][] x) {
        List<double[][]> all = layerOutputs(model, x);
        return all.get(all.size() - 1);
    }

    /** Each layer's outputs, after its activation, for each row of {@code x}; one entry per layer. */
    public static List<double[][]> layerOutputs(AnnModel model, double[][] x) {
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != model.inputSize()) {
                throw new LoihiException(CompilerErrors.MODEL_INPUT_SIZE, "input row has the wrong width: model=" + model.name()
                        + ", row=" + r + ", width=" + x[r].length + ", inputSize=" + model.inputSize());
            }
        }
        List<double[][]> outputs = new ArrayList<>();
        double[][] a = x;
        for (DenseLayer layer : model.layers()) {
            double[][] next = new double[a.length][];
            for (int r = 0; r < a.length; r++) {
                next[r] = forward(layer, a[r]);
            }
            outputs.add(next);
            a = next;
        }
        return outputs;
    }

    /**
     * One layer for one sample as its framework evaluates it at inference: the input quantizer,
     * {@code x . kernel + bias}, the pre-activation quantizer, the activation, the output
     * quantizer (each quantizer only where the layer has one).
     */
    public static double[] forward(DenseLayer layer, double[] x) {
        LayerQuantizers q = layer.quantizers();
        double[] z = affine(layer, quantized(q.input(), x));
        return quantized(q.afterActivation(), apply(layer.activation(), quantized(q.beforeActivation(), z)));
    }

    private static double[] quantized(ValueQuantizer quantizer, double[] v) {
        if (quantizer == null) {
            return v;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = quantizer.apply(v[i], i);
        }
        return out;
    }

    /** {@code x . kernel + bias} for one sample. */
    public static double[] affine(DenseLayer layer, double[] x) {
        double[] z = layer.bias().clone();
        // Only the kernel's entries: a convolution's expanded rows and a max pool tree's levels
        // reach a few units each.
        layer.weights().addProduct(x, z);
        return z;
    }

    /** Applies an activation to one layer's pre-activations, in a new array. */
    public static double[] apply(Activation activation, double[] z) {
        double[] y = z.clone();
        switch (activation) {
            case LINEAR -> { }
            case RELU -> {
                for (int j = 0; j < y.length; j++) {
                    y[j] = Math.max(0.0, y[j]);
                }
            }
            case RELU6 -> {
                for (int j = 0; j < y.length; j++) {
                    y[j] = Math.min(Activation.RELU6_CAP, Math.max(0.0, y[j]));
                }
            }
            case SIGMOID -> {
                for (int j = 0; j < y.length; j++) {
                    y[j] = 1.0 / (1.0 + Math.exp(-y[j]));
                }
            }
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : y) {
                    max = Math.max(max, v);
                }
                double sum = 0.0;
                for (int j = 0; j < y.length; j++) {
                    y[j] = Math.exp(y[j] - max);
                    sum += y[j];
                }
                for (int j = 0; j < y.length; j++) {
                    y[j] /= sum;
                }
            }
        }
        return y;
    }
}
