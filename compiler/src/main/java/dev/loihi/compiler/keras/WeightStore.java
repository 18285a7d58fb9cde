package dev.loihi.compiler.keras;

import java.util.List;
import java.util.Optional;

/** Where the importer finds each layer's weight tensors; one implementation per file layout. */
interface WeightStore {
    /**
     * The tensors stored for {@code layer} in the file's order, an empty list when the layer is
     * recorded without weights, or empty when the file does not know the layer at all.
     */
    Optional<List<Tensor>> tensors(LayerSpec layer);

    /** Layers that hold weights in the file but were never asked for. */
    List<String> unclaimedLayers();

    /** Names the file in errors. */
    String source();
}
