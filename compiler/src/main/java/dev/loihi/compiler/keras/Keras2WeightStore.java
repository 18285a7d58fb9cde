package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Weights in the Keras 2 HDF5 layout, used by {@code save_weights} (at the file root) and by
 * {@code model.save} (below the group {@code model_weights}):
 *
 * <pre>
 *   @layer_names = ["input_1", "fc1", ...]          (string array attribute)
 *   fc1/                @weight_names = ["fc1/kernel:0", "fc1/bias:0"]
 *   fc1/fc1/kernel:0    float32 [in, out]
 *   fc1/fc1/bias:0      float32 [out]
 * </pre>
 *
 * Each weight name is a path relative to the layer's group.
 */
final class Keras2WeightStore implements WeightStore {
    private final Group root;
    private final String source;
    private final List<String> layerNames;
    private final Set<String> claimed = new HashSet<>();

    private Keras2WeightStore(Group root, String source, List<String> layerNames) {
        this.root = root;
        this.source = source;
        this.layerNames = layerNames;
    }

    /** The store rooted at {@code group}, or empty when it carries no {@code layer_names}. */
    static Optional<Keras2WeightStore> at(Group group, String source) {
        return HdfAccess.strings(group, "layer_names", source).map(names -> new Keras2WeightStore(group, source, names));
    }

    @Override
    public Optional<List<Tensor>> tensors(LayerSpec layer) {
        if (!layerNames.contains(layer.name())) {
            return Optional.empty();
        }
        Optional<Node> group = HdfAccess.child(root, layer.name(), source);
        if (group.isEmpty() || !(group.get() instanceof Group layerGroup)) {
            return Optional.empty();
        }
        claimed.add(layer.name());
        List<Tensor> tensors = new ArrayList<>();
        for (String weightName : weightNames(layerGroup)) {
            Node node = HdfAccess.child(layerGroup, weightName, source).orElse(null);
            if (!(node instanceof Dataset dataset)) {
                throw new LoihiException(CompilerErrors.KERAS_MISSING_WEIGHTS,
                        "weight listed in weight_names is absent: file=" + source + ", layer=" + layer.name()
                                + ", tensor=" + weightName);
            }
            tensors.add(HdfAccess.tensor(dataset, weightName, source));
        }
        return Optional.of(tensors);
    }

    @Override
    public List<String> unclaimedLayers() {
        List<String> unclaimed = new ArrayList<>();
        for (String name : layerNames) {
            if (!claimed.contains(name)) {
                Optional<Node> group = HdfAccess.child(root, name, source);
                if (group.isPresent() && group.get() instanceof Group g && !weightNames(g).isEmpty()) {
                    unclaimed.add(name);
                }
            }
        }
        return unclaimed;
    }

    @Override
    public String source() {
        return source;
    }

    private List<String> weightNames(Group layerGroup) {
        return HdfAccess.strings(layerGroup, "weight_names", source).orElse(List.of());
    }
}
