package dev.loihi.compiler.keras;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Builds small Keras 2 models for tests: a Sequential architecture JSON and a weights HDF5 in
 * the layout {@code save_weights} writes, plus an unfolded float forward pass of the same
 * layers (batch norm computed as Keras computes it at inference) as the reference.
 */
final class KerasTestModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int inputSize;
    private final Random random;
    private final List<ObjectNode> layers = new ArrayList<>();
    private final Map<String, Map<String, Object>> weights = new LinkedHashMap<>();
    private final List<Consumer<double[][]>> forward = new ArrayList<>();
    private int width;

    KerasTestModel(int inputSize, long seed) {
        this.inputSize = inputSize;
        this.width = inputSize;
        this.random = new Random(seed);
    }

    KerasTestModel dense(String name, int units, String activation) {
        float[][] kernel = new float[width][units];
        float[] bias = new float[units];
        for (float[] row : kernel) {
            for (int j = 0; j < units; j++) {
                row[j] = (float) (random.nextGaussian() / Math.sqrt(width));
            }
        }
        for (int j = 0; j < units; j++) {
            bias[j] = (float) (0.1 * random.nextGaussian());
        }
        ObjectNode config = layer("Dense", name);
        config.put("units", units).put("activation", activation).put("use_bias", true);
        Map<String, Object> tensors = new LinkedHashMap<>();
        tensors.put(name + "/kernel:0", kernel);
        tensors.put(name + "/bias:0", bias);
        weights.put(name, tensors);
        int in = width;
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                double[] z = new double[units];
                for (int j = 0; j < units; j++) {
                    z[j] = bias[j];
                    for (int i = 0; i < in; i++) {
                        z[j] += rows[r][i] * kernel[i][j];
                    }
                }
                rows[r] = activate(activation, z);
            }
        });
        width = units;
        return this;
    }

    KerasTestModel batchNorm(String name, boolean center, boolean scale) {
        int n = width;
        float[] gamma = new float[n];
        float[] beta = new float[n];
        float[] mean = new float[n];
        float[] variance = new float[n];
        for (int i = 0; i < n; i++) {
            gamma[i] = (float) (0.5 + random.nextDouble());
            beta[i] = (float) (0.3 * random.nextGaussian());
            mean[i] = (float) (0.5 * random.nextGaussian());
            variance[i] = (float) (0.2 + random.nextDouble());
        }
        double eps = 1e-3;
        ObjectNode config = layer("BatchNormalization", name);
        config.put("axis", -1).put("epsilon", eps).put("center", center).put("scale", scale).put("momentum", 0.99);
        Map<String, Object> tensors = new LinkedHashMap<>();
        if (scale) {
            tensors.put(name + "/gamma:0", gamma);
        }
        if (center) {
            tensors.put(name + "/beta:0", beta);
        }
        tensors.put(name + "/moving_mean:0", mean);
        tensors.put(name + "/moving_variance:0", variance);
        weights.put(name, tensors);
        forward.add(rows -> {
            for (double[] row : rows) {
                for (int i = 0; i < n; i++) {
                    double g = scale ? gamma[i] : 1.0;
                    double b = center ? beta[i] : 0.0;
                    row[i] = g * (row[i] - mean[i]) / Math.sqrt(variance[i] + eps) + b;
                }
            }
        });
        return this;
    }

    KerasTestModel activation(String name, String activation) {
        layer("Activation", name).put("activation", activation);
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                rows[r] = activate(activation, rows[r]);
            }
        });
        return this;
    }

    KerasTestModel relu(String name) {
        layer("ReLU", name).putNull("max_value").put("negative_slope", 0.0).put("threshold", 0.0);
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                rows[r] = activate("relu", rows[r]);
            }
        });
        return this;
    }

    KerasTestModel dropout(String name) {
        layer("Dropout", name).put("rate", 0.5);
        return this;
    }

    /** A layer config of any class, with no weights and no effect on the reference pass. */
    ObjectNode layer(String className, String name) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("class_name", className);
        ObjectNode config = entry.putObject("config");
        config.put("name", name).put("trainable", true);
        if (layers.isEmpty()) {
            config.putArray("batch_input_shape").addNull().add(inputSize);
        }
        layers.add(entry);
        return config;
    }

    /** The Keras 2.2+ Sequential architecture JSON. */
    String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("class_name", "Sequential");
        ObjectNode config = root.putObject("config");
        config.put("name", "test_model");
        ArrayNode list = config.putArray("layers");
        layers.forEach(list::add);
        root.put("keras_version", "2.2.4");
        root.put("backend", "tensorflow");
        return root.toString();
    }

    /** The tensors per layer, for tests that edit them before writing. */
    Map<String, Map<String, Object>> weights() {
        return weights;
    }

    /** Writes the weights in the Keras 2 {@code save_weights} layout. */
    void writeWeights(Path file) {
        writeKeras2Weights(file, weights);
    }

    static void writeKeras2Weights(Path file, Map<String, Map<String, Object>> weights) {
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("layer_names", weights.keySet().toArray(new String[0]));
            h5.putAttribute("keras_version", "2.2.4");
            h5.putAttribute("backend", "tensorflow");
            for (Map.Entry<String, Map<String, Object>> layer : weights.entrySet()) {
                WritableGroup group = h5.putGroup(layer.getKey());
                group.putAttribute("weight_names", layer.getValue().keySet().toArray(new String[0]));
                for (Map.Entry<String, Object> tensor : layer.getValue().entrySet()) {
                    String[] path = tensor.getKey().split("/");
                    WritableGroup at = group;
                    for (int i = 0; i < path.length - 1; i++) {
                        at = at.getChild(path[i]) instanceof WritableGroup g ? g : at.putGroup(path[i]);
                    }
                    at.putDataset(path[path.length - 1], tensor.getValue());
                }
            }
        }
    }

    /** The model's outputs computed layer by layer, batch norm unfolded. */
    double[][] reference(double[][] x) {
        double[][] rows = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            rows[r] = x[r].clone();
        }
        forward.forEach(step -> step.accept(rows));
        return rows;
    }

    double[][] randomInputs(int count) {
        double[][] x = new double[count][inputSize];
        for (double[] row : x) {
            for (int i = 0; i < inputSize; i++) {
                row[i] = random.nextGaussian();
            }
        }
        return x;
    }

    private static double[] activate(String activation, double[] z) {
        return FloatModel.apply(Activation.fromKeras(activation).orElseThrow(), z);
    }
}
