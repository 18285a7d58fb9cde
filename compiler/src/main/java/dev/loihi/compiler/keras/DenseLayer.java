package dev.loihi.compiler.keras;

import java.util.Arrays;

/**
 * One fully connected layer after import: {@code y = activation(x . kernel + bias)}, with any
 * batch normalization already folded in.
 *
 * @param kernel weights indexed [input][unit], as Keras stores them
 * @param bias one value per unit (zeros when the Keras layer had no bias)
 * @param quantizers what quantization-aware training fixed beyond the (already quantized) weights
 */
public record DenseLayer(String name, double[][] kernel, double[] bias, Activation activation,
                         LayerQuantizers quantizers) {
    public DenseLayer(String name, double[][] kernel, double[] bias, Activation activation) {
        this(name, kernel, bias, activation, LayerQuantizers.NONE);
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
                && Arrays.deepEquals(kernel, other.kernel) && Arrays.equals(bias, other.bias);
    }
}
