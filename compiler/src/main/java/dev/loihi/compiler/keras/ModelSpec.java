package dev.loihi.compiler.keras;

import java.util.List;

/**
 * A Keras model config reduced to what the importer needs: the chain of layers from the input
 * to the output (the InputLayer itself left out) and the input shape without the batch axis.
 *
 * @param inputShape the shape of one sample, or null when the config does not record it (the
 *     first weight tensor then decides the input width)
 */
record ModelSpec(String name, int[] inputShape, List<LayerSpec> layers) {
    ModelSpec {
        layers = List.copyOf(layers);
    }
}
