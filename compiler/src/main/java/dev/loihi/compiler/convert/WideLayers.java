package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.net.Weights;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A dense layer too wide for any core, split in two. Every input of a neuron arrives on an axon
 * of its core, so a unit reading more than a core's input axons even with one copy of what it
 * reads (a Dense after the Flatten of a large convolution: 9,216 inputs in Keras's MNIST CNN)
 * has no chip form. Its inputs are cut into groups of {@link #group} rows, and each group's
 * partial sum s = x_group . w_group is carried by two ReLU units, relu(s) and relu(-s), in a
 * layer named {@code <layer>_part} (or {@code _part2}... when the model has that name); the layer itself then reads 2 x groups of them per unit,
 * with weights +1 and -1, and keeps its bias, activation and the quantizers of its pre-activation
 * and output: sum_k (relu(s_k) - relu(-s_k)) + b is the layer's pre-activation exactly. The cost
 * is one more spiking layer (a step of latency and its rate quantization) and 2 x groups x units
 * neurons.
 *
 * <p>Layers that fit, convolutions (their windows read population axons) and layers whose weights
 * are kept exactly or whose input is quantized (the partial sums would leave their grids) are kept
 * as they are. The groups are sized for the default copies ({@link #group}): more replicas, set by
 * the user, can still pass a core's axons and end with PARTITION_LIMIT; the search's own copies
 * stay within them ({@link CopyBudget}).
 */
final class WideLayers {
    private WideLayers() {}

    /** Rows per group of layer {@code l}: the default conversion's copies of what it reads stay within a core's axons. */
    static int group(int l) {
        return (int) (CopyBudget.MAX_FAN_IN
                / CopyBudget.preAxons(l, ConvertOptions.DEFAULT_REPLICAS, ConvertOptions.DEFAULT_INPUT_COPIES));
    }

    static AnnModel split(AnnModel model) {
        List<DenseLayer> layers = model.layers();
        List<DenseLayer> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        layers.forEach(layer -> names.add(layer.name()));
        boolean any = false;
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            // both signs of an input feature, one copy each; one copy of a hidden unit
            long oneCopy = CopyBudget.widestColumn(layer.weights()) * CopyBudget.preAxons(l, 1, 1);
            // the readout is cut into parts the host sums instead (ReadoutParts): exact, no spiking layer
            // weights kept exactly, and an input quantizer, have no place in partial sums
            LayerQuantizers q = layer.quantizers();
            if (layer.window() != null || q.quantizedWeights() || q.input() != null || l == layers.size() - 1
                    || oneCopy <= CopyBudget.MAX_FAN_IN) {
                out.add(layer);
                continue;
            }
            any = true;
            int group = group(l);
            int groups = (layer.inputSize() + group - 1) / group;
            String name = layer.name() + "_part";
            for (int n = 2; names.contains(name); n++) {
                name = layer.name() + "_part" + n;
            }
            names.add(name);
            out.add(parts(layer, name, group, groups));
            out.add(recombined(layer, groups));
        }
        return any ? new AnnModel(model.name(), model.inputSize(), out) : model;
    }

    /**
     * Unit (k, j, sign) at (k x units + j) x 2 + sign: group k's partial sum of unit j, and its
     * negation. Group by group, so that the neurons reading one group's inputs are adjacent and
     * a core holds them on one set of axons.
     */
    private static DenseLayer parts(DenseLayer layer, String name, int group, int groups) {
        Weights w = layer.weights();
        Weights.Builder b = new Weights.Builder(w.rows(), 2 * groups * w.columns(), 2 * w.entries());
        for (int i = 0; i < w.rows(); i++) {
            int k = i / group;
            for (int e = w.start(i); e < w.start(i + 1); e++) {
                int unit = (k * w.columns() + w.column(e)) * 2;
                b.add(unit, w.value(e)).add(unit + 1, -w.value(e));
            }
            b.endRow();
        }
        return new DenseLayer(name, b.build(), new double[2 * groups * w.columns()], Activation.RELU,
                LayerQuantizers.NONE, null);
    }

    private static DenseLayer recombined(DenseLayer layer, int groups) {
        int units = layer.units();
        Weights.Builder b = new Weights.Builder(2 * groups * units, units, 2 * groups * units);
        for (int k = 0; k < groups; k++) {
            for (int j = 0; j < units; j++) {
                b.add(j, 1.0).endRow();
                b.add(j, -1.0).endRow();
            }
        }
        // the whole sum is here: so are the pre-activation and its activation, with their quantizers
        return new DenseLayer(layer.name(), b.build(), layer.bias().clone(), layer.activation(),
                layer.quantizers().ofSum(), null);
    }
}
