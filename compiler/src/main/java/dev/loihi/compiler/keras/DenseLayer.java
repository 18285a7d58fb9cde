package dev.loihi.compiler.keras;

import java.util.Arrays;

/**
 * One layer after import: {@code y = activation(x . kernel + bias)}, with any batch
 * normalization already folded in. A convolution is held the same way, its kernel expanded to
 * every output position (each output reads only its receptive field, the other weights are 0),
 * and keeps its {@link ConvGeometry} so that later passes can treat it as one shared kernel.
 *
 * @param kernel weights indexed [input][unit], as Keras stores a Dense kernel
 * @param bias one value per unit (zeros when the Keras layer had no bias)
 * @param quantizers what quantization-aware training fixed beyond the (already quantized) weights
 * @param window where each output reads when the layer is a convolution or a pool (or one folded
 *     into the other), else null
 */
public record DenseLayer(String name, double[][] kernel, double[] bias, Activation activation,
                         LayerQuantizers quantizers, ConvGeometry window) {
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
        if (kernel.length == 0) {
            throw new IllegalArgumentException("dense layer " + name + ": kernel has no rows");
        }
        int units = bias.length;
        for (int i = 0; i < kernel.length; i++) {
            if (kernel[i].length != units) {
                throw new IllegalArgumentException("dense layer " + name + ": kernel row " + i + " has "
                        + kernel[i].length + " columns, bias has " + units);
            }
        }
    }

    public int inputSize() {
        return kernel.length;
    }

    public int units() {
        return bias.length;
    }

    /** True when both layers hold the same name, activation and bit-identical numbers. */
    public boolean sameAs(DenseLayer other) {
        return name.equals(other.name) && activation == other.activation && quantizers.sameAs(other.quantizers)
                && (window == null ? other.window == null : window.sameAs(other.window))
                && Arrays.deepEquals(kernel, other.kernel) && Arrays.equals(bias, other.bias);
    }
}
