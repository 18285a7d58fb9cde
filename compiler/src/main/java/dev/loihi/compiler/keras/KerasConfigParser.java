package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.common.LoihiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a Keras model config (the architecture JSON, the {@code model_config} attribute of a
 * full-model HDF5, or {@code config.json} of a {@code .keras} archive) into a {@link ModelSpec}.
 *
 * <p>Accepted spellings: Keras 2.0-2.2 Sequential (config is the list of layers), later
 * Sequential ({@code config.layers}), functional {@code Model}/{@code Functional} with Keras 2
 * inbound nodes ({@code [[["name", 0, 0, {}]]]}) or Keras 3 ones ({@code {"args": [{"class_name":
 * "__keras_tensor__", "config": {"keras_history": ["name", 0, 0]}}]}}); input shapes as
 * {@code batch_input_shape} (Keras 2), {@code batch_shape} or {@code shape} (Keras 3),
 * {@code input_shape}, {@code build_input_shape} or {@code build_config}. Keras 3's
 * {@code module} keys are ignored; a non-null {@code registered_name} other than the class
 * name marks a custom class.
 */
final class KerasConfigParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasConfigParser() {}

    /**
     * @param source names the file (or file and attribute) the text came from, for errors
     * @param fallbackName the model name to use when the config has none
     */
    static ModelSpec parse(String text, String source, String fallbackName) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // A constraint (nesting deeper than Jackson's 1000 levels, say) may come without a location.
            throw new LoihiException(CompilerErrors.KERAS_BAD_JSON, "malformed Keras JSON: file=" + source
                    + (e.getLocation() == null ? "" : ", line=" + e.getLocation().getLineNr() + ", column="
                    + e.getLocation().getColumnNr()) + ", reason=" + dev.loihi.common.MessageText.printable(
                    dev.loihi.common.MessageText.oneLine(e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw badConfig(source, "top level is not a JSON object");
        }
        String modelClass = className(root);
        if (modelClass == null) {
            throw badConfig(source, "model has no class_name");
        }
        JsonNode config = root.get("config");
        if (config == null) {
            throw badConfig(source, "model has no config: class_name=" + modelClass);
        }
        return switch (modelClass) {
            case "Sequential" -> sequential(root, config, source, fallbackName);
            case "Model", "Functional" -> functional(config, source, fallbackName);
            default -> throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_GRAPH,
                    "unsupported model class, need Sequential or a functional Model: file=" + source
                            + ", class_name=" + modelClass);
        };
    }

    private static ModelSpec sequential(JsonNode root, JsonNode config, String source, String fallbackName) {
        JsonNode layers = config.isArray() ? config : config.get("layers");
        if (layers == null || !layers.isArray()) {
            throw badConfig(source, "Sequential config has no layers list");
        }
        String name = config.isObject() ? text(config, "name", fallbackName) : fallbackName;
        List<LayerSpec> chain = new ArrayList<>();
        int[] inputShape = null;
        for (JsonNode entry : layers) {
            LayerSpec layer = layer(entry, source);
            if (chain.isEmpty() && inputShape == null) {
                inputShape = sampleShape(layer.config(), source, layer.name());
            }
            if (layer.is("InputLayer")) {
                if (!chain.isEmpty()) {
                    throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, "InputLayer inside a Sequential model: file="
                            + source + ", layer=" + layer.name());
                }
                continue;
            }
            chain.add(layer);
        }
        if (inputShape == null && config.isObject() && config.has("build_input_shape")) {
            inputShape = withoutBatch(config.get("build_input_shape"), source, name);
        }
        JsonNode build = root.get("build_config");
        if (inputShape == null && build != null && build.has("input_shape")) {
            inputShape = withoutBatch(build.get("input_shape"), source, name);
        }
        return new ModelSpec(name, inputShape, chain);
    }

    private static ModelSpec functional(JsonNode config, String source, String fallbackName) {
        JsonNode layers = config.get("layers");
        if (layers == null || !layers.isArray()) {
            throw badConfig(source, "functional config has no layers list");
        }
        String name = text(config, "name", fallbackName);
        Map<String, LayerSpec> byName = new LinkedHashMap<>();
        Map<String, JsonNode> inbound = new LinkedHashMap<>();
        for (JsonNode entry : layers) {
            LayerSpec layer = layer(entry, source);
            if (byName.put(layer.name(), layer) != null) {
                throw badConfig(source, "two layers named " + layer.name());
            }
            inbound.put(layer.name(), entry.get("inbound_nodes"));
        }
        String input = single(config.get("input_layers"), "input", source);
        String output = single(config.get("output_layers"), "output", source);
        List<LayerSpec> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String at = output;
        while (!at.equals(input)) {
            LayerSpec layer = byName.get(at);
            if (layer == null) {
                throw badConfig(source, "inbound node names an unknown layer: layer=" + at);
            }
            if (!seen.add(at)) {
                throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, "layers form a cycle: file=" + source + ", layer=" + at);
            }
            chain.add(layer);
            at = onlyInbound(layer, inbound.get(at), source);
        }
        LayerSpec inputLayer = byName.get(input);
        if (inputLayer == null) {
            throw badConfig(source, "input_layers names an unknown layer: layer=" + input);
        }
        Collections.reverse(chain);
        for (String layerName : byName.keySet()) {
            if (!layerName.equals(input) && !seen.contains(layerName)) {
                throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, "layer is off the input-to-output chain: file="
                        + source + ", layer=" + layerName);
            }
        }
        return new ModelSpec(name, sampleShape(inputLayer.config(), source, input), chain);
    }

    /** The one layer feeding {@code layer}; anything else (merge, shared layer) is unsupported. */
    private static String onlyInbound(LayerSpec layer, JsonNode nodes, String source) {
        if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, "layer has no inbound node but is not the input: file="
                    + source + ", layer=" + layer.name());
        }
        if (nodes.size() > 1) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, "layer is called more than once (shared layer): file="
                    + source + ", layer=" + layer.name() + ", calls=" + nodes.size());
        }
        List<String> refs = new ArrayList<>();
        collectRefs(nodes.get(0), refs);
        if (refs.size() != 1) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, "layer takes more than one tensor: file="
                    + source + ", layer=" + layer.name() + ", inputs=" + refs);
        }
        return refs.get(0);
    }

    /**
     * Layer names of the tensors a node consumes. Keras 2 writes a node as a list of
     * {@code [layer, node index, tensor index, kwargs]}; Keras 3 as {@code {"args", "kwargs"}}
     * in which every tensor is a {@code __keras_tensor__} object with a {@code keras_history}.
     */
    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isArray()) {
            for (JsonNode ref : node) {
                if (ref.isArray() && !ref.isEmpty() && ref.get(0).isTextual()) {
                    out.add(ref.get(0).asText());
                }
            }
        } else {
            collectKerasTensors(node, out);
        }
    }

    private static void collectKerasTensors(JsonNode node, List<String> out) {
        JsonNode history = node.path("config").get("keras_history");
        if ("__keras_tensor__".equals(node.path("class_name").asText()) && history != null
                && history.isArray() && !history.isEmpty()) {
            out.add(history.get(0).asText());
            return;
        }
        node.forEach(child -> collectKerasTensors(child, out));
    }

    /** The one layer of {@code input_layers} or {@code output_layers}. */
    private static String single(JsonNode refs, String what, String source) {
        if (refs == null || !refs.isArray() || refs.isEmpty()) {
            throw badConfig(source, "functional config has no " + what + "_layers");
        }
        if (refs.get(0).isTextual()) {
            return refs.get(0).asText();
        }
        if (refs.size() != 1) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, "model has " + refs.size() + " " + what
                    + "s, need 1: file=" + source);
        }
        JsonNode ref = refs.get(0);
        if (!ref.isArray() || ref.isEmpty() || !ref.get(0).isTextual()) {
            throw badConfig(source, "malformed " + what + "_layers entry");
        }
        return ref.get(0).asText();
    }

    private static LayerSpec layer(JsonNode entry, String source) {
        if (entry == null || !entry.isObject()) {
            throw badConfig(source, "layer entry is not an object");
        }
        String className = className(entry);
        JsonNode config = entry.get("config");
        if (className == null || config == null || !config.isObject()) {
            throw badConfig(source, "layer entry lacks class_name or config");
        }
        String name = text(entry, "name", text(config, "name", null));
        if (name == null) {
            throw badConfig(source, "layer has no name: class_name=" + className);
        }
        return new LayerSpec(name, className, config);
    }

    /** The class name, or a custom class's registered name (so that it is reported as such). */
    private static String className(JsonNode entry) {
        String className = text(entry, "class_name", null);
        String registered = text(entry, "registered_name", null);
        if (registered != null && className != null && !registered.equals(className)) {
            return registered;
        }
        return className;
    }

    /** The shape of one sample from whichever input-shape key the layer config carries, or null. */
    private static int[] sampleShape(JsonNode config, String source, String layer) {
        for (String key : new String[] {"batch_input_shape", "batch_shape"}) {
            JsonNode shape = config.get(key);
            if (shape != null && !shape.isNull()) {
                return withoutBatch(shape, source, layer);
            }
        }
        for (String key : new String[] {"input_shape", "shape"}) {
            JsonNode shape = config.get(key);
            if (shape != null && !shape.isNull()) {
                return dims(shape, 0, source, layer);
            }
        }
        return null;
    }

    private static int[] withoutBatch(JsonNode shape, String source, String layer) {
        if (!shape.isArray() || shape.size() < 2) {
            throw badConfig(source, "input shape needs a batch axis and at least one more: layer=" + layer
                    + ", shape=" + shape);
        }
        return dims(shape, 1, source, layer);
    }

    private static int[] dims(JsonNode shape, int from, String source, String layer) {
        if (!shape.isArray() || shape.size() <= from) {
            throw badConfig(source, "malformed input shape: layer=" + layer + ", shape=" + shape);
        }
        int[] dims = new int[shape.size() - from];
        for (int i = from; i < shape.size(); i++) {
            JsonNode d = shape.get(i);
            if (!d.canConvertToInt() || d.asInt() <= 0) {
                throw badConfig(source, "input dimension must be a positive number: layer=" + layer + ", shape=" + shape);
            }
            dims[i - from] = d.asInt();
        }
        return dims;
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static LoihiException badConfig(String source, String what) {
        return new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "not a Keras model config: file=" + source + ", problem=" + what);
    }
}
