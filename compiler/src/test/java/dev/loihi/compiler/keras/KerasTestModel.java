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
    private final int[] inputShape;
    private final Random random;
    private final List<ObjectNode> layers = new ArrayList<>();
    private final Map<String, Map<String, Object>> weights = new LinkedHashMap<>();
    private final List<Consumer<double[][]>> forward = new ArrayList<>();
    private int width;
    /** The shape the next layer receives, without the batch axis. */
    private int[] shape;

    KerasTestModel(int inputSize, long seed) {
        this(seed, inputSize);
    }

    /** A model on inputs of {@code inputShape} (e.g. height, width, channels), channels last. */
    KerasTestModel(long seed, int... inputShape) {
        this.inputShape = inputShape.clone();
        this.shape = inputShape.clone();
        this.inputSize = java.util.Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        this.width = inputSize;
        this.random = new Random(seed);
    }

    int[] shape() {
        return shape.clone();
    }

    /** The shape of one input, without the batch axis. */
    int[] inputShape() {
        return inputShape.clone();
    }

    /**
     * A Conv1D (input [length, channels]) or Conv2D (input [height, width, channels]) layer
     * with random weights; the reference computes it directly from TensorFlow's padding rule.
     */
    KerasTestModel conv(String name, int filters, int[] kernel, int[] strides, String padding, String activation) {
        return conv(name, filters, kernel, strides, kernel.length == 1 ? new int[] {1} : new int[] {1, 1}, padding,
                activation);
    }

    /**
     * As {@link #conv(String, int, int[], int[], String, String)} with {@code dilation} between the
     * kernel's taps; {@code padding} may be {@code causal} on a Conv1D (zeros before the sequence only).
     */
    KerasTestModel conv(String name, int filters, int[] kernel, int[] strides, int[] dilation, String padding,
                        String activation) {
        int rank = kernel.length;
        Geometry g = geometry(kernel, strides, dilation, padding);
        int cin = g.channels();
        int[] k = g.k();
        int fanIn = k[0] * k[1] * cin;
        float[] weights = new float[fanIn * filters];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (random.nextGaussian() / Math.sqrt(fanIn));
        }
        float[] bias = new float[filters];
        for (int f = 0; f < filters; f++) {
            bias[f] = (float) (0.1 * random.nextGaussian());
        }
        ObjectNode config = layer(rank == 1 ? "Conv1D" : "Conv2D", name);
        config.put("filters", filters).put("padding", padding).put("activation", activation).put("use_bias", true)
                .put("data_format", "channels_last");
        window(config, kernel, strides);
        ints(config.putArray("dilation_rate"), dilation);
        Map<String, Object> tensors = new LinkedHashMap<>();
        tensors.put(name + "/kernel:0", reshapeKernel(weights, kernelShape(kernel, cin, filters)));
        tensors.put(name + "/bias:0", bias);
        weights().put(name, tensors);
        int[] out = g.out();
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                double[] x = rows[r];
                double[] z = new double[out[0] * out[1] * filters];
                for (int oy = 0; oy < out[0]; oy++) {
                    for (int ox = 0; ox < out[1]; ox++) {
                        for (int f = 0; f < filters; f++) {
                            double sum = bias[f];
                            for (int ky = 0; ky < k[0]; ky++) {
                                for (int kx = 0; kx < k[1]; kx++) {
                                    int at = g.tap(oy, ox, ky, kx);
                                    if (at < 0) {
                                        continue;
                                    }
                                    for (int c = 0; c < cin; c++) {
                                        sum += x[at + c] * weights[((ky * k[1] + kx) * cin + c) * filters + f];
                                    }
                                }
                            }
                            z[(oy * out[1] + ox) * filters + f] = sum;
                        }
                    }
                }
                rows[r] = activate(activation, z);
            }
        });
        return output(rank, out, filters);
    }

    /** AveragePooling or MaxPooling, 1-D or 2-D; padded cells are left out of the average and the max. */
    KerasTestModel pool(String className, String name, int[] pool, String padding) {
        Geometry g = geometry(pool, pool, padding);
        int c = g.channels();
        int[] k = g.k();
        ObjectNode config = layer(className, name);
        config.put("padding", padding).put("data_format", "channels_last");
        ints(config.putArray("pool_size"), pool);
        ints(config.putArray("strides"), pool);
        boolean max = className.startsWith("Max");
        int[] out = g.out();
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                double[] x = rows[r];
                double[] y = new double[out[0] * out[1] * c];
                for (int oy = 0; oy < out[0]; oy++) {
                    for (int ox = 0; ox < out[1]; ox++) {
                        for (int ch = 0; ch < c; ch++) {
                            double acc = max ? Double.NEGATIVE_INFINITY : 0.0;
                            int n = 0;
                            for (int ky = 0; ky < k[0]; ky++) {
                                for (int kx = 0; kx < k[1]; kx++) {
                                    int at = g.tap(oy, ox, ky, kx);
                                    if (at < 0) {
                                        continue;
                                    }
                                    double v = x[at + ch];
                                    acc = max ? Math.max(acc, v) : acc + v;
                                    n++;
                                }
                            }
                            y[(oy * out[1] + ox) * c + ch] = max ? acc : acc / n;
                        }
                    }
                }
                rows[r] = y;
            }
        });
        return output(g.rank(), out, c);
    }

    /**
     * QKeras's QAveragePooling2D with {@code quantizer} as its average_quantizer (QKeras's string
     * form): the reference is the average times {@code factor}, which the caller works out by
     * hand as cells x quantizer(1 / cells).
     */
    KerasTestModel qAveragePool(String name, int[] pool, String padding, String quantizer, double factor) {
        pool("QAveragePooling2D", name, pool, padding);
        ((ObjectNode) layers.get(layers.size() - 1).get("config")).put("average_quantizer", quantizer)
                .putNull("activation");
        forward.add(rows -> {
            for (double[] row : rows) {
                for (int j = 0; j < row.length; j++) {
                    row[j] *= factor;
                }
            }
        });
        return this;
    }

    /** GlobalAveragePooling or GlobalMaxPooling, 1-D or 2-D: every position of a channel to one value. */
    KerasTestModel globalPool(String className, String name, boolean keepdims) {
        int rank = className.endsWith("1D") ? 1 : 2;
        int[] in = grid2d(shape, rank);
        int c = shape[rank];
        ObjectNode config = layer(className, name);
        config.put("data_format", "channels_last").put("keepdims", keepdims);
        boolean max = className.contains("Max");
        int positions = in[0] * in[1];
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                double[] y = new double[c];
                for (int ch = 0; ch < c; ch++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0.0;
                    for (int p = 0; p < positions; p++) {
                        double v = rows[r][p * c + ch];
                        acc = max ? Math.max(acc, v) : acc + v;
                    }
                    y[ch] = max ? acc : acc / positions;
                }
                rows[r] = y;
            }
        });
        shape = keepdims ? (rank == 1 ? new int[] {1, c} : new int[] {1, 1, c}) : new int[] {c};
        width = c;
        return this;
    }

    /**
     * A ZeroPadding1D/2D with {@code pads} per axis {before, after}, written in the config as
     * {@code form} gives ("pairs": [[b, a], ...], "ints": one int per axis, "int": one int);
     * the reference pads the tensor itself, as Keras does.
     */
    KerasTestModel zeroPadding(String name, int[][] pads, String form) {
        int rank = pads.length;
        int[] in = grid2d(shape, rank);
        int c = shape[rank];
        int[][] p = rank == 1 ? new int[][] {{0, 0}, pads[0]} : pads;
        ObjectNode config = layer(rank == 1 ? "ZeroPadding1D" : "ZeroPadding2D", name);
        config.put("data_format", "channels_last");
        switch (form) {
            case "int" -> config.put("padding", pads[0][0]);
            case "ints" -> {
                ArrayNode a = config.putArray("padding");
                for (int[] axis : pads) {
                    a.add(axis[0]);
                }
            }
            default -> {
                ArrayNode a = config.putArray("padding");
                if (rank == 1) {
                    a.add(pads[0][0]).add(pads[0][1]);
                } else {
                    for (int[] axis : pads) {
                        a.addArray().add(axis[0]).add(axis[1]);
                    }
                }
            }
        }
        int[] out = {in[0] + p[0][0] + p[0][1], in[1] + p[1][0] + p[1][1]};
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                double[] y = new double[out[0] * out[1] * c];
                for (int iy = 0; iy < in[0]; iy++) {
                    for (int ix = 0; ix < in[1]; ix++) {
                        System.arraycopy(rows[r], (iy * in[1] + ix) * c, y,
                                ((iy + p[0][0]) * out[1] + ix + p[1][0]) * c, c);
                    }
                }
                rows[r] = y;
            }
        });
        return output(rank, out, c);
    }

    /**
     * A DepthwiseConv1D/2D ({@code filters} 0) or a SeparableConv1D/2D ({@code filters} > 0)
     * with random weights; the reference convolves each channel alone, then (separable) mixes
     * the channels through the 1 x 1 pointwise kernel.
     */
    KerasTestModel depthwise(String name, int multiplier, int filters, int[] kernel, int[] strides, String padding,
                             String activation, boolean useBias) {
        return depthwise(name, multiplier, filters, kernel, strides, kernel.length == 1 ? new int[] {1} : new int[] {1, 1},
                padding, activation, useBias);
    }

    /** As {@link #depthwise(String, int, int, int[], int[], String, String, boolean)} with {@code dilation} between the taps. */
    KerasTestModel depthwise(String name, int multiplier, int filters, int[] kernel, int[] strides, int[] dilation,
                             String padding, String activation, boolean useBias) {
        int rank = kernel.length;
        Geometry g = geometry(kernel, strides, dilation, padding);
        int cin = g.channels();
        int[] k = g.k();
        int cells = k[0] * k[1];
        int depth = cin * multiplier;
        boolean separable = filters > 0;
        int channels = separable ? filters : depth;
        float[] dw = new float[cells * depth];
        for (int i = 0; i < dw.length; i++) {
            dw[i] = (float) (random.nextGaussian() / Math.sqrt(cells));
        }
        float[] pw = new float[separable ? depth * filters : 0];
        for (int i = 0; i < pw.length; i++) {
            pw[i] = (float) (random.nextGaussian() / Math.sqrt(depth));
        }
        float[] bias = new float[channels];
        for (int f = 0; f < channels && useBias; f++) {
            bias[f] = (float) (0.1 * random.nextGaussian());
        }
        String dim = rank == 1 ? "1D" : "2D";
        ObjectNode config = layer((separable ? "SeparableConv" : "DepthwiseConv") + dim, name);
        config.put("depth_multiplier", multiplier).put("padding", padding).put("activation", activation)
                .put("use_bias", useBias).put("data_format", "channels_last");
        if (separable) {
            config.put("filters", filters);
        }
        window(config, kernel, strides);
        ints(config.putArray("dilation_rate"), dilation);
        Map<String, Object> tensors = new LinkedHashMap<>();
        tensors.put(name + "/depthwise_kernel:0", reshapeKernel(dw, kernelShape(kernel, cin, multiplier)));
        if (separable) {
            int[] pointwise = new int[rank];
            java.util.Arrays.fill(pointwise, 1);
            tensors.put(name + "/pointwise_kernel:0", reshapeKernel(pw, kernelShape(pointwise, depth, filters)));
        }
        if (useBias) {
            tensors.put(name + "/bias:0", bias);
        }
        weights().put(name, tensors);
        int[] out = g.out();
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                double[] x = rows[r];
                double[] z = new double[out[0] * out[1] * channels];
                for (int oy = 0; oy < out[0]; oy++) {
                    for (int ox = 0; ox < out[1]; ox++) {
                        double[] mid = new double[depth];
                        for (int c = 0; c < cin; c++) {
                            for (int m = 0; m < multiplier; m++) {
                                for (int ky = 0; ky < k[0]; ky++) {
                                    for (int kx = 0; kx < k[1]; kx++) {
                                        int at = g.tap(oy, ox, ky, kx);
                                        if (at >= 0) {
                                            mid[c * multiplier + m] += x[at + c]
                                                    * dw[((ky * k[1] + kx) * cin + c) * multiplier + m];
                                        }
                                    }
                                }
                            }
                        }
                        for (int f = 0; f < channels; f++) {
                            double sum = bias[f];
                            if (separable) {
                                for (int j = 0; j < depth; j++) {
                                    sum += mid[j] * pw[j * filters + f];
                                }
                            } else {
                                sum += mid[f];
                            }
                            z[(oy * out[1] + ox) * channels + f] = sum;
                        }
                    }
                }
                rows[r] = activate(activation, z);
            }
        });
        return output(rank, out, channels);
    }

    KerasTestModel flatten(String name) {
        layer("Flatten", name);
        shape = new int[] {width};
        return this;
    }

    KerasTestModel reshape(String name, int... target) {
        ints(layer("Reshape", name).putArray("target_shape"), target);
        shape = target.clone();
        return this;
    }

    /** A windowed layer's kernel_size, strides and (unit) dilation_rate, as Keras writes them. */
    private static void window(ObjectNode config, int[] kernel, int[] strides) {
        ints(config.putArray("kernel_size"), kernel);
        ints(config.putArray("strides"), strides);
        ints(config.putArray("dilation_rate"), kernel.length == 1 ? new int[] {1} : new int[] {1, 1});
    }

    /** Keras's kernel shape: the window, then input and output channels. */
    /**
     * A window layer's geometry on the current input, a 1-D layer as one row of a 2-D grid:
     * input grid and channels, window, strides, and TensorFlow's output size and leading padding.
     */
    private record Geometry(int rank, int[] in, int channels, int[] k, int[] st, int[] out, int[] pad, int[] dil) {
        /** Where tap (ky, kx) of output (oy, ox) reads the flat input (its channel 0), or -1 in the padding. */
        int tap(int oy, int ox, int ky, int kx) {
            int iy = oy * st[0] - pad[0] + ky * dil[0];
            int ix = ox * st[1] - pad[1] + kx * dil[1];
            return iy < 0 || ix < 0 || iy >= in[0] || ix >= in[1] ? -1 : (iy * in[1] + ix) * channels;
        }
    }

    private Geometry geometry(int[] window, int[] strides, String padding) {
        return geometry(window, strides, window.length == 1 ? new int[] {1} : new int[] {1, 1}, padding);
    }

    private Geometry geometry(int[] window, int[] strides, int[] dilation, String padding) {
        int rank = window.length;
        int[] in = grid2d(shape, rank);
        int[] k = rank == 1 ? new int[] {1, window[0]} : window.clone();
        int[] st = rank == 1 ? new int[] {1, strides[0]} : strides.clone();
        int[] dil = rank == 1 ? new int[] {1, dilation[0]} : dilation.clone();
        // the span a dilated window covers: TensorFlow pads and sizes the output by it
        int[] span = {(k[0] - 1) * dil[0] + 1, (k[1] - 1) * dil[1] + 1};
        if (padding.equals("causal")) {
            // every output position reads the span - 1 positions before it: out = ceil(in / stride)
            int[] out = {1, -Math.floorDiv(-in[1], st[1])};
            return new Geometry(rank, in, shape[rank], k, st, out, new int[] {0, span[1] - 1}, dil);
        }
        int[][] outPad = outAndPad(in, span, st, padding);
        return new Geometry(rank, in, shape[rank], k, st, outPad[0], outPad[1], dil);
    }

    /** The layer's output grid {@code out} with {@code channels} per position: the next layer's input. */
    private KerasTestModel output(int rank, int[] out, int channels) {
        shape = rank == 1 ? new int[] {out[1], channels} : new int[] {out[0], out[1], channels};
        width = out[0] * out[1] * channels;
        return this;
    }

    private static int[] kernelShape(int[] window, int in, int out) {
        int[] shape = java.util.Arrays.copyOf(window, window.length + 2);
        shape[window.length] = in;
        shape[window.length + 1] = out;
        return shape;
    }

    /** A 1-D shape [length, channels] seen as the 2-D grid [1, length]; a 2-D grid as it is. */
    private static int[] grid2d(int[] shape, int rank) {
        if (shape.length != rank + 1) {
            throw new IllegalStateException("window layer needs a " + (rank + 1) + "-D input, have " + shape.length);
        }
        return rank == 1 ? new int[] {1, shape[0]} : new int[] {shape[0], shape[1]};
    }

    /** TensorFlow's output size and leading padding per axis. */
    private static int[][] outAndPad(int[] in, int[] k, int[] s, String padding) {
        int[] out = new int[2];
        int[] pad = new int[2];
        for (int d = 0; d < 2; d++) {
            if (padding.equals("same")) {
                out[d] = -Math.floorDiv(-in[d], s[d]);
                pad[d] = Math.max((out[d] - 1) * s[d] + k[d] - in[d], 0) / 2;
            } else {
                out[d] = (in[d] - k[d]) / s[d] + 1;
            }
        }
        return new int[][] {out, pad};
    }

    /** The flat C-order kernel as the nested float array jhdf writes with that shape. */
    private static Object reshapeKernel(float[] flat, int[] kernelShape) {
        if (kernelShape.length == 3) {
            float[][][] k = new float[kernelShape[0]][kernelShape[1]][kernelShape[2]];
            int i = 0;
            for (float[][] a : k) {
                for (float[] b : a) {
                    for (int j = 0; j < b.length; j++) {
                        b[j] = flat[i++];
                    }
                }
            }
            return k;
        }
        float[][][][] k = new float[kernelShape[0]][kernelShape[1]][kernelShape[2]][kernelShape[3]];
        int i = 0;
        for (float[][][] a : k) {
            for (float[][] b : a) {
                for (float[] c : b) {
                    for (int j = 0; j < c.length; j++) {
                        c[j] = flat[i++];
                    }
                }
            }
        }
        return k;
    }

    private static void ints(ArrayNode array, int[] values) {
        for (int v : values) {
            array.add(v);
        }
    }

    /** A Dense; on a grid of channels (no Flatten before it) Keras applies it at every position. */
    KerasTestModel dense(String name, int units, String activation) {
        int positions = shape.length > 1 ? width / shape[shape.length - 1] : 1;
        int in = width / positions;
        float[][] kernel = new float[in][units];
        float[] bias = new float[units];
        for (float[] row : kernel) {
            for (int j = 0; j < units; j++) {
                row[j] = (float) (random.nextGaussian() / Math.sqrt(in));
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
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                double[] z = new double[positions * units];
                for (int p = 0; p < positions; p++) {
                    for (int j = 0; j < units; j++) {
                        z[p * units + j] = bias[j];
                        for (int i = 0; i < in; i++) {
                            z[p * units + j] += rows[r][p * in + i] * kernel[i][j];
                        }
                    }
                }
                rows[r] = activate(activation, z);
            }
        });
        width = positions * units;
        if (shape.length > 1) {
            shape = shape.clone();
            shape[shape.length - 1] = units;
        } else {
            shape = new int[] {units};
        }
        return this;
    }

    KerasTestModel batchNorm(String name, boolean center, boolean scale) {
        int n = shape[shape.length - 1];
        int all = width;
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
                for (int u = 0; u < all; u++) {
                    int i = u % n;
                    double g = scale ? gamma[i] : 1.0;
                    double b = center ? beta[i] : 0.0;
                    row[u] = g * (row[u] - mean[i]) / Math.sqrt(variance[i] + eps) + b;
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

    /** A ReLU layer capped at 6 (Keras's ReLU(max_value=6)), its reference written out here, not FloatModel's. */
    KerasTestModel relu6(String name) {
        layer("ReLU", name).put("max_value", 6.0).put("negative_slope", 0.0).put("threshold", 0.0);
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                rows[r] = activate("relu6", rows[r]);
            }
        });
        return this;
    }

    /** Keras's Rescaling: one scale and offset, or ({@code perChannel}) a seeded one per channel. */
    KerasTestModel rescaling(String name, double scale, double offset, boolean perChannel) {
        int n = shape[shape.length - 1];
        int all = width;
        double[] scales = new double[n];
        double[] offsets = new double[n];
        for (int c = 0; c < n; c++) {
            scales[c] = perChannel ? scale * (0.5 + random.nextDouble()) : scale;
            offsets[c] = perChannel ? offset + 0.3 * random.nextGaussian() : offset;
        }
        ObjectNode config = layer("Rescaling", name);
        if (perChannel) {
            ArrayNode sc = config.putArray("scale");
            ArrayNode of = config.putArray("offset");
            for (int c = 0; c < n; c++) {
                sc.add(scales[c]);
                of.add(offsets[c]);
            }
        } else {
            config.put("scale", scale).put("offset", offset);
        }
        forward.add(rows -> {
            for (double[] row : rows) {
                for (int u = 0; u < all; u++) {
                    row[u] = row[u] * scales[u % n] + offsets[u % n];
                }
            }
        });
        return this;
    }

    /**
     * Keras's Normalization over the last axis with seeded statistics, held in its weights
     * (mean, variance, count) or ({@code inConfig}) in its config, each a serialized array
     * ({@code {"class_name": "__numpy__", "config": {"value": [...]}}}; Keras 3's get_config
     * writes plain lists, which a test makes of these).
     */
    KerasTestModel normalization(String name, boolean inConfig, boolean invert) {
        int n = shape[shape.length - 1];
        int all = width;
        float[] mean = new float[n];
        float[] variance = new float[n];
        for (int c = 0; c < n; c++) {
            mean[c] = (float) (0.5 * random.nextGaussian());
            variance[c] = (float) (0.2 + random.nextDouble());
        }
        ObjectNode config = layer("Normalization", name);
        config.putArray("axis").add(-1);
        config.put("invert", invert);
        if (inConfig) {
            ArrayNode m = config.putObject("mean").put("class_name", "__numpy__").putObject("config").putArray("value");
            ArrayNode v = config.putObject("variance").put("class_name", "__numpy__").putObject("config").putArray("value");
            for (int c = 0; c < n; c++) {
                m.add(mean[c]);
                v.add(variance[c]);
            }
        } else {
            config.putNull("mean").putNull("variance");
            Map<String, Object> tensors = new LinkedHashMap<>();
            tensors.put(name + "/mean:0", mean);
            tensors.put(name + "/variance:0", variance);
            tensors.put(name + "/count:0", new long[] {1000});
            weights.put(name, tensors);
        }
        forward.add(rows -> {
            for (double[] row : rows) {
                for (int u = 0; u < all; u++) {
                    double deviation = Math.max(Math.sqrt(variance[u % n]), 1e-7);
                    row[u] = invert ? mean[u % n] + row[u] * deviation : (row[u] - mean[u % n]) / deviation;
                }
            }
        });
        return this;
    }

    /**
     * A leaky ReLU of the given negative slope, spelled as Keras 2 writes a LeakyReLU
     * ({@code alpha}), as Keras 3 does ({@code negative_slope}), or as a ReLU layer with a slope;
     * the reference computes max(x, slope x) for slopes below 1.
     */
    KerasTestModel leakyRelu(String name, double slope, String spelling) {
        switch (spelling) {
            case "alpha" -> layer("LeakyReLU", name).put("alpha", slope);
            case "negative_slope" -> layer("LeakyReLU", name).put("negative_slope", slope);
            case "ReLU" -> layer("ReLU", name).putNull("max_value").put("negative_slope", slope).put("threshold", 0.0);
            default -> throw new IllegalArgumentException(spelling);
        }
        forward.add(rows -> {
            for (double[] row : rows) {
                for (int u = 0; u < row.length; u++) {
                    row[u] = row[u] > 0 ? row[u] : slope * row[u];
                }
            }
        });
        return this;
    }

    /** Keras's Softmax layer (the reference applies it as the activation "softmax"). */
    KerasTestModel softmax(String name) {
        layer("Softmax", name).putArray("axis").add(-1);
        forward.add(rows -> {
            for (int r = 0; r < rows.length; r++) {
                rows[r] = activate("softmax", rows[r]);
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
            ArrayNode batchShape = config.putArray("batch_input_shape").addNull();
            ints(batchShape, inputShape);
        }
        layers.add(entry);
        return config;
    }

    /** The config of the layer named {@code name}, for tests that edit it. */
    ObjectNode config(String name) {
        return layers.stream().map(l -> (ObjectNode) l.get("config")).filter(c -> c.path("name").asText().equals(name))
                .findFirst().orElseThrow();
    }

    /**
     * A layer of any class put before every other (it takes over the input shape), with no
     * weights and no effect on the reference pass: for tests that compute the expected output.
     */
    ObjectNode prependLayer(String className, String name) {
        ObjectNode first = (ObjectNode) layers.get(0).get("config");
        ObjectNode entry = JSON.createObjectNode();
        entry.put("class_name", className);
        ObjectNode config = entry.putObject("config");
        config.put("name", name).put("trainable", true);
        config.set("batch_input_shape", first.remove("batch_input_shape"));
        layers.add(0, entry);
        return config;
    }

    /** The config of the first layer, for tests that edit it. */
    ObjectNode firstLayerConfig() {
        return (ObjectNode) layers.get(0).get("config");
    }

    /** Layer {@code index}'s config (0 is the first after the input), for tests that edit it. */
    ObjectNode layerConfig(int index) {
        return (ObjectNode) layers.get(index).get("config");
    }

    /** The first layer's entry (class name and config), for tests that turn it into another class. */
    ObjectNode firstLayerEntry() {
        return layers.get(0);
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

    /** Writes a full-model HDF5 as Keras 2's {@code model.save("m.h5")}: config attribute, weights below model_weights. */
    void writeFullModel(Path file) {
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("model_config", json());
            h5.putAttribute("keras_version", "2.2.4");
            h5.putAttribute("backend", "tensorflow");
            putModelWeights(h5, weights);
        }
    }

    /** The {@code model_weights} group of a full-model HDF5: per layer its tensors, each under its last name. */
    static void putModelWeights(WritableHdfFile h5, Map<String, Map<String, Object>> weights) {
        WritableGroup root = h5.putGroup("model_weights");
        root.putAttribute("layer_names", weights.keySet().toArray(new String[0]));
        for (Map.Entry<String, Map<String, Object>> layer : weights.entrySet()) {
            WritableGroup group = root.putGroup(layer.getKey());
            group.putAttribute("weight_names", layer.getValue().keySet().toArray(new String[0]));
            WritableGroup inner = group.putGroup(layer.getKey());
            for (Map.Entry<String, Object> tensor : layer.getValue().entrySet()) {
                String[] path = tensor.getKey().split("/");
                inner.putDataset(path[path.length - 1], tensor.getValue());
            }
        }
    }

    /**
     * Writes a Keras 3 {@code .keras} archive: the architecture as config.json and the weights
     * in the {@code layers/<class in snake case>[_n]/vars/<i>} layout of model.weights.h5.
     */
    void writeKerasArchive(Path file, Path scratch) throws java.io.IOException {
        Path weightsFile = scratch.resolve("model.weights.h5");
        Map<String, Integer> perClass = new LinkedHashMap<>();
        try (WritableHdfFile h5 = HdfFile.write(weightsFile)) {
            WritableGroup groups = h5.putGroup("layers");
            for (ObjectNode entry : layers) {
                String base = Keras3WeightStore.snakeCase(entry.get("class_name").asText());
                int n = perClass.merge(base, 1, Integer::sum);
                Map<String, Object> tensors = weights.get(entry.get("config").get("name").asText());
                if (tensors == null) {
                    continue;
                }
                WritableGroup vars = groups.putGroup(n == 1 ? base : base + "_" + (n - 1)).putGroup("vars");
                int i = 0;
                for (Object tensor : tensors.values()) {
                    vars.putDataset(Integer.toString(i++), tensor);
                }
            }
            h5.putDataset("created_by", "KerasTestModel");
        }
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry(KerasArchive.CONFIG));
            zip.write(json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry(KerasArchive.WEIGHTS));
            zip.write(java.nio.file.Files.readAllBytes(weightsFile));
            zip.closeEntry();
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
        if (activation.equals("leaky_relu")) {
            // Keras's leaky_relu activation: negative slope 0.2
            return java.util.Arrays.stream(z).map(v -> v > 0 ? v : 0.2 * v).toArray();
        }
        if (activation.equals("relu6")) {
            // Keras: min(max(x, 0), 6), independent of the importer's own
            return java.util.Arrays.stream(z).map(v -> v < 0 ? 0 : v > 6 ? 6 : v).toArray();
        }
        return FloatModel.apply(Activation.fromKeras(activation).orElseThrow(), z);
    }
}
