package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Weights in the Keras 3 layout ({@code model.weights.h5} inside a {@code .keras} archive, or a
 * {@code .weights.h5} file):
 *
 * <pre>
 *   vars/                      the model's own variables (none)
 *   layers/dense/vars/0        kernel [in, out]
 *   layers/dense/vars/1        bias [out]
 *   layers/dense_1/vars/0 ...
 * </pre>
 *
 * Keras 3 does not use layer names here: a layer's group is its class name in snake case,
 * numbered per class in the order of {@code model.layers} (dense, dense_1, dense_2, ...), and
 * its variables are numbered in creation order.
 */
final class Keras3WeightStore implements WeightStore {
    private final Group root;
    private final String source;
    private final Map<String, String> pathByLayer = new HashMap<>();
    private final Set<String> claimedPaths = new HashSet<>();

    Keras3WeightStore(Group root, String source, ModelSpec model) {
        this.root = root;
        this.source = source;
        Map<String, Integer> used = new HashMap<>();
        for (LayerSpec layer : model.layers()) {
            String base = snakeCase(layer.className());
            int count = used.merge(base, 1, Integer::sum);
            pathByLayer.put(layer.name(), "layers/" + (count == 1 ? base : base + "_" + (count - 1)));
        }
    }

    /** True when the file has the Keras 3 top-level groups. */
    static boolean recognizes(Group root, String source) {
        return HdfAccess.child(root, "layers", source).isPresent() || HdfAccess.child(root, "vars", source).isPresent();
    }

    /** Keras's {@code naming.to_snake_case}: BatchNormalization -> batch_normalization, ReLU -> re_lu. */
    static String snakeCase(String className) {
        String s = className.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<List<Tensor>> tensors(LayerSpec layer) {
        String path = pathByLayer.get(layer.name());
        Optional<Node> vars = path == null ? Optional.empty() : HdfAccess.child(root, path + "/vars", source);
        if (vars.isEmpty() || !(vars.get() instanceof Group group)) {
            return Optional.empty();
        }
        claimedPaths.add(path);
        List<Tensor> tensors = new ArrayList<>();
        int count = HdfAccess.guard(source, () -> group.getChildren().size());
        for (int i = 0; i < count; i++) {
            Node node = HdfAccess.child(group, Integer.toString(i), source).orElse(null);
            if (!(node instanceof Dataset dataset)) {
                throw new LoihiException(CompilerErrors.KERAS_MISSING_WEIGHTS,
                        "variables are not numbered 0..n-1: file=" + source + ", layer=" + layer.name()
                                + ", group=" + path + "/vars, missing=" + i);
            }
            tensors.add(HdfAccess.tensor(dataset, Integer.toString(i), source));
        }
        return Optional.of(tensors);
    }

    @Override
    public List<String> unclaimedLayers() {
        List<String> unclaimed = new ArrayList<>();
        Optional<Node> layers = HdfAccess.child(root, "layers", source);
        if (layers.isEmpty() || !(layers.get() instanceof Group group)) {
            return unclaimed;
        }
        for (String name : HdfAccess.guard(source, () -> List.copyOf(group.getChildren().keySet()))) {
            String path = "layers/" + name;
            Optional<Node> vars = HdfAccess.child(root, path + "/vars", source);
            boolean holdsWeights = vars.isPresent() && vars.get() instanceof Group g
                    && HdfAccess.guard(source, () -> !g.getChildren().isEmpty());
            if (holdsWeights && !claimedPaths.contains(path)) {
                unclaimed.add(path);
            }
        }
        unclaimed.sort(String::compareTo);
        return unclaimed;
    }

    @Override
    public String source() {
        return source;
    }
}
