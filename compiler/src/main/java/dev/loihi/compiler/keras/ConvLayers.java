package dev.loihi.compiler.keras;

import dev.loihi.compiler.net.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Convolution and max-pool layers for models built in code (seeded tests of the phase code's
 * CNN path), expanded and named exactly as the importer does ({@link LayerAssembler}).
 */
public final class ConvLayers {
    private ConvLayers() {}

    /**
     * A convolution of geometry {@code g}.
     *
     * @param kernel the Keras kernel in C order, shape [kernel..., inChannels, outChannels]
     * @param bias   one per output channel
     */
    public static DenseLayer conv(String name, ConvGeometry g, double[] kernel, double[] bias, Activation activation,
                                  LayerQuantizers quantizers) {
        return new DenseLayer(name, ConvExpansion.conv(g, kernel), ConvExpansion.bias(g, bias), activation, quantizers, g);
    }

    /** A max pool after a ReLU: its ReLU tree levels ({@code <name>_max<k>}), then the linear sum named {@code name}. */
    public static List<DenseLayer> maxPool(String name, ConvGeometry g) {
        return maxPool(name, g, channel -> false);
    }

    /** The max pool with the channels for which {@code minimum} holds pooled to their minimum ({@link MaxPoolTree}). */
    static List<DenseLayer> maxPool(String name, ConvGeometry g, IntPredicate minimum) {
        List<Weights> kernels = MaxPoolTree.kernels(g, minimum);
        List<DenseLayer> out = new ArrayList<>();
        for (int level = 0; level < kernels.size() - 1; level++) {
            Weights k = kernels.get(level);
            out.add(new DenseLayer(name + "_max" + (level + 1), k, new double[k.columns()], Activation.RELU,
                    LayerQuantizers.NONE, null));
        }
        Weights sum = kernels.get(kernels.size() - 1);
        out.add(new DenseLayer(name, sum, new double[g.outUnits()], Activation.LINEAR, LayerQuantizers.NONE, null));
        return out;
    }
}
