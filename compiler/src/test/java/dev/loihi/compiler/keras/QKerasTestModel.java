package dev.loihi.compiler.keras;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds small QKeras models for tests (QDense with quantizers, QActivation) with random float
 * kernels, and writes them in all three forms: architecture JSON plus Keras 2 weights, a
 * full-model HDF5, and a Keras 3 {@code .keras} archive.
 */
final class QKerasTestModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int inputSize;
    private final Random random;
    private final List<ObjectNode> layers = new ArrayList<>();
    /** Per layer with weights: tensors in creation order, keyed by Keras 2 weight name. */
    private final Map<String, Map<String, Object>> weights = new LinkedHashMap<>();
    private int width;

    QKerasTestModel(int inputSize, long seed) {
        this.inputSize = inputSize;
        this.width = inputSize;
        this.random = new Random(seed);
    }

    /** A QDense whose float kernel and bias are uniform in [-range, range). */
    QKerasTestModel qDense(String name, int units, ObjectNode kernelQuantizer, ObjectNode biasQuantizer, double range) {
        float[][] kernel = new float[width][units];
        float[] bias = new float[units];
        for (float[] row : kernel) {
            for (int j = 0; j < units; j++) {
                row[j] = (float) ((2 * random.nextDouble() - 1) * range);
            }
        }
        for (int j = 0; j < units; j++) {
            bias[j] = (float) ((2 * random.nextDouble() - 1) * range / 4);
        }
        ObjectNode config = layer("QDense", name);
        config.put("units", units).put("activation", "linear").put("use_bias", true);
        config.set("kernel_quantizer", kernelQuantizer);
        config.set("bias_quantizer", biasQuantizer);
        Map<String, Object> tensors = new LinkedHashMap<>();
        tensors.put(name + "/kernel:0", kernel);
        tensors.put(name + "/bias:0", bias);
        weights.put(name, tensors);
        width = units;
        return this;
    }

    /** The last layer's own activation: a Keras name, or a quantizer (its dict or its string form). */
    QKerasTestModel withActivation(Object activation) {
        ObjectNode config = (ObjectNode) layers.get(layers.size() - 1).get("config");
        if (activation instanceof ObjectNode node) {
            config.set("activation", node);
        } else {
            config.put("activation", activation.toString());
        }
        return this;
    }

    QKerasTestModel qActivation(String name, Object activation) {
        ObjectNode config = layer("QActivation", name);
        if (activation instanceof ObjectNode node) {
            config.set("activation", node);
        } else {
            config.put("activation", activation.toString());
        }
        return this;
    }

    QKerasTestModel activation(String name, String activation) {
        layer("Activation", name).put("activation", activation);
        return this;
    }

    static ObjectNode quantizer(String className, Object... keyValues) {
        ObjectNode q = JSON.createObjectNode();
        q.put("class_name", className);
        ObjectNode config = q.putObject("config");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return q;
    }

    float[][] kernel(String layer) {
        return (float[][]) weights.get(layer).get(layer + "/kernel:0");
    }

    float[] bias(String layer) {
        return (float[]) weights.get(layer).get(layer + "/bias:0");
    }

    private ObjectNode layer(String className, String name) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("class_name", className);
        ObjectNode config = entry.putObject("config");
        config.put("name", name);
        if (layers.isEmpty()) {
            config.putArray("batch_input_shape").addNull().add(inputSize);
        }
        layers.add(entry);
        return config;
    }

    String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("class_name", "Sequential");
        ObjectNode config = root.putObject("config");
        config.put("name", "qkeras_test");
        ArrayNode list = config.putArray("layers");
        layers.forEach(list::add);
        root.put("keras_version", "2.4.0");
        return root.toString();
    }

    /** Architecture JSON and Keras 2 weights: returns {json, weights}. */
    Path[] writeJsonAndWeights(Path dir) throws IOException {
        Path json = dir.resolve("q.json");
        Files.writeString(json, json());
        Path h5 = dir.resolve("q_weights.h5");
        KerasTestModel.writeKeras2Weights(h5, weights);
        return new Path[] {json, h5};
    }

    /** The {@code model.save("m.h5")} layout: config in {@code model_config}, weights below {@code model_weights}. */
    Path writeFullModel(Path dir) {
        Path file = dir.resolve("q_full.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("model_config", json());
            KerasTestModel.putModelWeights(h5, weights);
        }
        return file;
    }

    /** A Keras 3 archive: {@code config.json} and {@code model.weights.h5} with {@code layers/q_dense/vars/0}. */
    Path writeKeras(Path dir) throws IOException {
        Path weightsFile = dir.resolve("model.weights.h5");
        try (WritableHdfFile h5 = HdfFile.write(weightsFile)) {
            WritableGroup layersGroup = h5.putGroup("layers");
            int count = 0;
            for (Map<String, Object> tensors : weights.values()) {
                String group = count == 0 ? "q_dense" : "q_dense_" + count;
                count++;
                WritableGroup vars = layersGroup.putGroup(group).putGroup("vars");
                int i = 0;
                for (Object tensor : tensors.values()) {
                    vars.putDataset(Integer.toString(i++), tensor);
                }
            }
        }
        Path archive = dir.resolve("q.keras");
        try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("config.json"));
            zip.write(json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("model.weights.h5"));
            zip.write(Files.readAllBytes(weightsFile));
            zip.closeEntry();
        }
        return archive;
    }
}
