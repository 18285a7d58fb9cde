package dev.loihi.compiler.keras;

import dev.loihi.compiler.net.Weights;
import java.util.Arrays;

/**
 * One layer after import: {@code y = activation(x . kernel + bias)}, with any batch
 * normalization already folded in. A convolution is held the same way, its kernel expanded to
 * every output position (each output reads only its receptive field, the other weights are 0,
 * which {@link Weights} does not hold), and keeps its {@link ConvGeometry} so that later passes
 * can treat it as one shared kernel.
 *
 * @param weights the kernel indexed [input][unit], as Keras stores a Dense kernel
 * @param bias one value per unit (zeros when the Keras layer had no bias)
 * @param quantizers what quantization-aware training fixed beyond the (already quantized) weights
 * @param window where each output reads when the layer is a convolution or a pool (or one folded
 *     into the other), else null
 */
public record DenseLayer(String name, Weights weights, double[] bias, Activation activation,
                         LayerQuantizers quantizers, ConvGeometry window) {
    public DenseLayer(String name, double[][] kernel, double[] bias, Activation activation,
                      LayerQuantizers quantizers, ConvGeometry window) {
        this(name, Weights.of(kernel), bias, activation, quantizers, window);
    }

    /** A fully connected layer. */
    public DenseLayer(String name, double[][] kernel, double[] bias, Activation activation) {
        this(name, kernel, bias, activation, LayerQuantizers.NONE, null);
    }

    /** A fully connected, quantization-aware layer. */
    public DenseLayer(String name, double[][] kernel, double[] bias, Activation activation,
                      LayerQuantizers quantizers) {
        this(name, kernel, bias, activation, quantizers, null);
    }

    /** A convolution or pool, read through {@code window}. */
    public DenseLayer(String name, double[][] kernel, double[] bias, Activation activation, ConvGeometry window) {
        this(name, kernel, bias, activation, LayerQuantizers.NONE, window);
    }

    public DenseLayer {
        if (quantizers == null) {
            quantizers = LayerQuantizers.NONE;
        }
        if (weights.rows() == 0) {
            throw new IllegalArgumentException("dense layer " + name + ": kernel has no rows");
        }
        if (weights.columns() != bias.length) {
            throw new IllegalArgumentException("dense layer " + name + ": kernel has " + weights.columns()
                    + " columns, bias has " + bias.length);
        }
    }

    /** The kernel with every entry, [input][unit]: for the passes that read a small layer whole. */
    public double[][] kernel() {
        return weights.dense();
    }

    public int inputSize() {
        return weights.rows();
    }

    public int units() {
        return bias.length;
    }

    /** True when both layers hold the same name, activation and bit-identical numbers. */
    public boolean sameAs(DenseLayer other) {
        return name.equals(other.name) && activation == other.activation && quantizers.sameAs(other.quantizers)
                && (window == null ? other.window == null : window.sameAs(other.window))
                && weights.equals(other.weights) && Arrays.equals(bias, other.bias);
    }
}
