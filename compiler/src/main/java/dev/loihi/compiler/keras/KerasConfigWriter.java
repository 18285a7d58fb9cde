package dev.loihi.compiler.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Model configs for an {@link AnnModel}, in the two spellings Keras reads back: a Keras 2
 * functional {@code Model} (what {@code model.save("m.h5")} stores in {@code model_config}) and
 * a Keras 3 {@code Sequential} (the {@code config.json} of a {@code .keras} archive). Both hold
 * an InputLayer and one Dense per layer, with the settings Keras needs to rebuild the layer
 * before it loads the weights.
 */
final class KerasConfigWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasConfigWriter() {}

    static String keras2(AnnModel model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("class_name", "Model");
        ObjectNode config = root.putObject("config");
        config.put("name", model.name());
        ArrayNode layers = config.putArray("layers");
        String input = inputName(model, "input_1");

        ObjectNode inputLayer = layers.addObject();
        inputLayer.put("name", input);
        inputLayer.put("class_name", "InputLayer");
        ObjectNode inputConfig = inputLayer.putObject("config");
        shape(inputConfig.putArray("batch_input_shape"), model.inputSize());
        inputConfig.put("dtype", "float32");
        inputConfig.put("sparse", false);
        inputConfig.put("name", input);
        inputLayer.putArray("inbound_nodes");

        String previous = input;
        for (DenseLayer dense : model.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("name", dense.name());
            layer.put("class_name", "Dense");
            ObjectNode c = layer.putObject("config");
            denseSettings(c, dense);
            ObjectNode kernelInit = c.putObject("kernel_initializer");
            kernelInit.put("class_name", "VarianceScaling");
            ObjectNode vs = kernelInit.putObject("config");
            vs.put("scale", 1.0);
            vs.put("mode", "fan_avg");
            vs.put("distribution", "uniform");
            vs.putNull("seed");
            ObjectNode biasInit = c.putObject("bias_initializer");
            biasInit.put("class_name", "Zeros");
            biasInit.putObject("config");
            nulls(c);
            ArrayNode ref = layer.putArray("inbound_nodes").addArray().addArray();
            ref.add(previous).add(0).add(0).addObject();
            previous = dense.name();
        }
        config.putArray("input_layers").addArray().add(input).add(0).add(0);
        config.putArray("output_layers").addArray().add(previous).add(0).add(0);
        root.put("keras_version", KerasWriter.KERAS2_VERSION);
        root.put("backend", "tensorflow");
        return write(root);
    }

    static String keras3(AnnModel model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("module", "keras");
        root.put("class_name", "Sequential");
        ObjectNode config = root.putObject("config");
        config.put("name", model.name());
        config.put("trainable", true);
        ArrayNode layers = config.putArray("layers");

        ObjectNode inputLayer = layers.addObject();
        inputLayer.put("module", "keras.layers");
        inputLayer.put("class_name", "InputLayer");
        ObjectNode inputConfig = inputLayer.putObject("config");
        shape(inputConfig.putArray("batch_shape"), model.inputSize());
        inputConfig.put("dtype", "float32");
        inputConfig.put("sparse", false);
        inputConfig.put("name", inputName(model, "input_layer"));
        inputLayer.putNull("registered_name");

        int width = model.inputSize();
        for (DenseLayer dense : model.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("module", "keras.layers");
            layer.put("class_name", "Dense");
            ObjectNode c = layer.putObject("config");
            denseSettings(c, dense);
            initializer(c.putObject("kernel_initializer"), "GlorotUniform").putNull("seed");
            initializer(c.putObject("bias_initializer"), "Zeros");
            nulls(c);
            layer.putNull("registered_name");
            shape(layer.putObject("build_config").putArray("input_shape"), width);
            width = dense.units();
        }
        shape(config.putArray("build_input_shape"), model.inputSize());
        root.putNull("registered_name");
        shape(root.putObject("build_config").putArray("input_shape"), model.inputSize());
        return write(root);
    }

    static String keras3Metadata() {
        ObjectNode root = JSON.createObjectNode();
        root.put("keras_version", KerasWriter.KERAS3_VERSION);
        return write(root);
    }

    private static void denseSettings(ObjectNode c, DenseLayer dense) {
        c.put("name", dense.name());
        c.put("trainable", true);
        c.put("dtype", "float32");
        c.put("units", dense.units());
        c.put("activation", dense.activation().kerasName());
        c.put("use_bias", true);
    }

    private static void nulls(ObjectNode c) {
        for (String key : new String[] {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                "kernel_constraint", "bias_constraint"}) {
            c.putNull(key);
        }
    }

    private static ObjectNode initializer(ObjectNode node, String className) {
        node.put("module", "keras.initializers");
        node.put("class_name", className);
        node.putNull("registered_name");
        return node.putObject("config");
    }

    private static void shape(ArrayNode array, int features) {
        array.addNull().add(features);
    }

    /** An input layer name that no Dense layer already uses. */
    private static String inputName(AnnModel model, String preferred) {
        Set<String> taken = new HashSet<>();
        model.layers().forEach(l -> taken.add(l.name()));
        String name = preferred;
        for (int i = 2; taken.contains(name); i++) {
            name = preferred + "_" + i;
        }
        return name;
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree could not be serialized", e);
        }
    }
}
