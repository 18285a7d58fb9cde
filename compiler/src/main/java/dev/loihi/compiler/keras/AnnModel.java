package dev.loihi.compiler.keras;

import java.util.List;

/**
 * A trained feed-forward network as imported from Keras: a chain of dense layers from
 * {@code inputSize} features to the last layer's units. Dropout is gone, batch normalization
 * folded, standalone activations merged into the layer before them.
 */
public record AnnModel(String name, int inputSize, List<DenseLayer> layers) {
    public AnnModel {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no layers");
        }
        int width = inputSize;
        for (DenseLayer layer : layers) {
            if (layer.inputSize() != width) {
                throw new IllegalArgumentException("model " + name + ": layer " + layer.name() + " takes "
                        + layer.inputSize() + " inputs, previous width is " + width);
            }
            width = layer.units();
        }
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).units();
    }

    public DenseLayer outputLayer() {
        return layers.get(layers.size() - 1);
    }

    /** True when both models have the same input size and bit-identical layers. */
    public boolean sameAs(AnnModel other) {
        if (inputSize != other.inputSize || layers.size() != other.layers.size()) {
            return false;
        }
        for (int i = 0; i < layers.size(); i++) {
            if (!layers.get(i).sameAs(other.layers.get(i))) {
                return false;
            }
        }
        return true;
    }
}
