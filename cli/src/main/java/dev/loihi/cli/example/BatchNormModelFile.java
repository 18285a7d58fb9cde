package dev.loihi.cli.example;

import dev.loihi.cli.CliErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.keras.KerasWriter;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Saves a trained MLP as a Keras 2 Sequential of Dense (linear), BatchNormalization and
 * Activation(relu) per hidden layer: architecture JSON plus weights HDF5 in the layout of
 * {@code model.save_weights}. The batch norm's moving mean and variance are the statistics of
 * the layer's pre-activations on the training inputs, its gamma and beta are drawn, and the
 * Dense is solved so that the three layers compute what the trained layer computes: the
 * importer must fold the batch norm back to reproduce the trained network.
 */
final class BatchNormModelFile {
    private static final double EPSILON = 1e-3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchNormModelFile() {}

    static void write(String name, MlpTrainer mlp, double[][] train, long seed, Path json, Path weights) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][][] kernels = mlp.kernels();
        double[][] biases = mlp.biases();
        ObjectNode root = JSON.createObjectNode();
        root.put("class_name", "Sequential");
        ObjectNode config = root.putObject("config");
        config.put("name", name);
        ArrayNode layers = config.putArray("layers");
        root.put("keras_version", "2.2.4");
        root.put("backend", "tensorflow");
        double[][] activations = train;
        try (WritableHdfFile h5 = HdfFile.write(weights)) {
            h5.removeAttribute("_jHDF");
            int count = kernels.length;
            String[] names = new String[2 * count - 1];
            for (int l = 0; l < count; l++) {
                boolean last = l == count - 1;
                String dense = "dense_" + (l + 1);
                double[][] kernel = copy(kernels[l]);
                double[] bias = biases[l].clone();
                double[][] z = affine(activations, kernels[l], biases[l]);
                if (!last) {
                    String bn = "batch_normalization_" + (l + 1);
                    int units = bias.length;
                    float[] gamma = new float[units];
                    float[] beta = new float[units];
                    float[] mean = new float[units];
                    float[] variance = new float[units];
                    for (int j = 0; j < units; j++) {
                        double m = 0;
                        double v = 0;
                        for (double[] row : z) {
                            m += row[j];
                        }
                        m /= z.length;
                        for (double[] row : z) {
                            v += (row[j] - m) * (row[j] - m);
                        }
                        v /= z.length;
                        gamma[j] = (float) (0.5 + random.nextDouble());
                        beta[j] = (float) (0.2 * (2 * random.nextDouble() - 1));
                        mean[j] = (float) m;
                        variance[j] = (float) v;
                        // BN(x W' + c') = x W + c, with s = sqrt(var + eps) / gamma
                        double s = Math.sqrt(variance[j] + EPSILON) / gamma[j];
                        for (double[] row : kernel) {
                            row[j] *= s;
                        }
                        bias[j] = (bias[j] - beta[j]) * s + mean[j];
                    }
                    denseConfig(layers, dense, units, "linear", l == 0 ? kernel.length : -1);
                    ObjectNode b = layer(layers, "BatchNormalization", bn);
                    b.put("axis", -1).put("epsilon", EPSILON).put("center", true).put("scale", true)
                            .put("momentum", 0.99);
                    layer(layers, "Activation", "activation_" + (l + 1)).put("activation", "relu");
                    WritableGroup g = h5.putGroup(bn);
                    g.putAttribute("weight_names", new String[] {bn + "/gamma:0", bn + "/beta:0", bn + "/moving_mean:0",
                            bn + "/moving_variance:0"});
                    WritableGroup inner = g.putGroup(bn);
                    inner.putDataset("gamma:0", gamma);
                    inner.putDataset("beta:0", beta);
                    inner.putDataset("moving_mean:0", mean);
                    inner.putDataset("moving_variance:0", variance);
                    names[2 * l + 1] = bn;
                    activations = relu(z);
                } else {
                    denseConfig(layers, dense, bias.length, "softmax", -1);
                }
                WritableGroup g = h5.putGroup(dense);
                g.putAttribute("weight_names", new String[] {dense + "/kernel:0", dense + "/bias:0"});
                WritableGroup inner = g.putGroup(dense);
                inner.putDataset("kernel:0", KerasWriter.float32(kernel));
                inner.putDataset("bias:0", KerasWriter.float32(bias));
                names[2 * l] = dense;
            }
            h5.putAttribute("layer_names", names);
            h5.putAttribute("keras_version", "2.2.4");
            h5.putAttribute("backend", "tensorflow");
        }
        try {
            Files.writeString(json, root.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoihiException(CliErrors.ZOO_WRITE, "cannot write zoo model: file=" + json + ", reason=" + e.getMessage());
        }
    }

    private static void denseConfig(ArrayNode layers, String name, int units, String activation, int inputSize) {
        ObjectNode c = layer(layers, "Dense", name);
        c.put("units", units).put("activation", activation).put("use_bias", true);
        if (inputSize > 0) {
            c.putArray("batch_input_shape").addNull().add(inputSize);
        }
    }

    private static ObjectNode layer(ArrayNode layers, String className, String name) {
        ObjectNode entry = layers.addObject();
        entry.put("class_name", className);
        ObjectNode config = entry.putObject("config");
        config.put("name", name).put("trainable", true);
        return config;
    }

    private static double[][] affine(double[][] x, double[][] kernel, double[] bias) {
        double[][] z = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            z[r] = bias.clone();
            for (int i = 0; i < kernel.length; i++) {
                for (int j = 0; j < bias.length; j++) {
                    z[r][j] += x[r][i] * kernel[i][j];
                }
            }
        }
        return z;
    }

    private static double[][] relu(double[][] z) {
        double[][] a = new double[z.length][];
        for (int r = 0; r < z.length; r++) {
            a[r] = java.util.Arrays.stream(z[r]).map(v -> Math.max(0, v)).toArray();
        }
        return a;
    }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
