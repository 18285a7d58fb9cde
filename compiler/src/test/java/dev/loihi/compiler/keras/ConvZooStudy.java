package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.io.DigitImages;
import dev.loihi.compiler.io.NpyWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Conv models none of the fixtures is, for judging a conversion change on more than the fixtures
 * (issue 18: "other conv models, not in the repository, will be judged the same way"). Each is a
 * seeded stack of convolutions, pools, batch norm and dense layers with random filters and a
 * softmax readout fitted by ridge regression to a random teacher's classes on its own features,
 * so that its float predictions cover every class. Writes per model NAME.h5 (full model),
 * NAME_cal.npy and NAME_test.npy; `loihi evaluate` then measures agreement (docs/CONVERSION.md,
 * "A conv zoo"). Opt-in: -Dloihi.convzoo.out=DIR; with -Dloihi.convzoo.wide=true only c2d_wide (a Dense
 * wider than a core's axons); with -Dloihi.convzoo.leaky=true only session 18's three
 * (LeakyReLU, Rescaling, Normalization), with -Dloihi.convzoo.relu6=true those and session 17's
 * two (ReLU6), with -Dloihi.convzoo.new=true those and session 16's three (depthwise, separable and
 * zero-padded layers, a Dense at every position).
 */
class ConvZooStudy {
    private static final int CALIBRATION = 500;
    private static final int TEST = 1000;

    @Test
    void shouldWriteModelsWhosePredictionsCoverEveryClass() throws Exception {
        String dir = System.getProperty("loihi.convzoo.out");
        Assumptions.assumeTrue(dir != null, "opt-in: set -Dloihi.convzoo.out=DIR");
        Path out = Files.createDirectories(Path.of(dir));
        // Session 24: dilated and causal Conv1D (a TCN on sequences).
        if (Boolean.getBoolean("loihi.convzoo.tcn")) {
            write(out, "c1d_tcn", 4, seed -> new KerasTestModel(seed, 48, 2)
                    .conv("tcn1", 8, new int[] {3}, new int[] {1}, new int[] {1}, "causal", "relu")
                    .conv("tcn2", 8, new int[] {3}, new int[] {1}, new int[] {2}, "causal", "relu")
                    .conv("tcn3", 8, new int[] {3}, new int[] {2}, new int[] {4}, "causal", "relu")
                    .flatten("flatten")
                    .dense("fc1", 16, "relu"), false);
            write(out, "c2d_dilated", 4, seed -> new KerasTestModel(seed, 16, 16, 2)
                    .conv("conv1", 8, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, "same", "relu")
                    .pool("AveragePooling2D", "pool1", new int[] {2, 2}, "valid")
                    .conv("conv2", 8, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, "valid", "relu")
                    .flatten("flatten")
                    .dense("fc1", 16, "relu"), false);
            return;
        }
        // Session 18: a Dense reading more inputs than a core has axons (WideLayers).
        if (Boolean.getBoolean("loihi.convzoo.wide")) {
            write(out, "c2d_wide", 5, seed -> new KerasTestModel(seed, 16, 16, 3)
                    .conv("conv1", 24, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                    .flatten("flatten")
                    .dense("fc1", 32, "relu"), false);
            return;
        }
        // Session 18: LeakyReLU (split by sign), Normalization and Rescaling at the input.
        write(out, "c2d_leaky", 5, seed -> new KerasTestModel(seed, 16, 16, 3)
                .rescaling("rescale", 0.5, 0.25, true)
                .conv("conv1", 8, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .leakyRelu("leaky1", 0.1, "alpha")
                .pool("AveragePooling2D", "pool1", new int[] {2, 2}, "valid")
                .conv("conv2", 16, new int[] {3, 3}, new int[] {1, 1}, "same", "leaky_relu")
                .globalPool("GlobalAveragePooling2D", "gap", false), false);
        write(out, "c1d_leaky", 4, seed -> new KerasTestModel(seed, 32, 2)
                .normalization("norm", false, false)
                .conv("conv1", 8, new int[] {5}, new int[] {1}, "same", "linear")
                .leakyRelu("leaky1", 0.3, "negative_slope")
                .conv("conv2", 8, new int[] {3}, new int[] {2}, "valid", "relu")
                .flatten("flatten")
                .dense("fc1", 16, "linear")
                .leakyRelu("leaky2", 0.2, "ReLU"), false);
        write(out, "c2d_leaky_maxpool", 5, seed -> new KerasTestModel(seed, 16, 16, 2)
                .conv("conv1", 8, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .leakyRelu("leaky1", 0.1, "alpha")
                .pool("MaxPooling2D", "pool1", new int[] {2, 2}, "valid")
                .conv("conv2", 8, new int[] {3, 3}, new int[] {1, 1}, "valid", "leaky_relu")
                .flatten("flatten")
                .dense("fc1", 16, "linear")
                .leakyRelu("leaky2", 0.2, "negative_slope"), false);
        if (Boolean.getBoolean("loihi.convzoo.leaky")) {
            return;
        }
        // Session 17: ReLU6 (MobileNet's activation), on inputs of 4 standard deviations so that it caps.
        write(out, "c2d_relu6", 5, 4.0, seed -> new KerasTestModel(seed, 16, 16, 3)
                .conv("conv1", 8, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .relu6("relu1")
                .pool("MaxPooling2D", "pool1", new int[] {2, 2}, "valid")
                .conv("conv2", 16, new int[] {3, 3}, new int[] {1, 1}, "same", "relu6")
                .globalPool("GlobalAveragePooling2D", "gap", false));
        write(out, "c1d_relu6", 4, 4.0, seed -> new KerasTestModel(seed, 32, 2)
                .conv("conv1", 8, new int[] {5}, new int[] {1}, "same", "relu6")
                .depthwise("sep2", 2, 8, new int[] {3}, new int[] {2}, "same", "relu6", true)
                .flatten("flatten")
                .dense("fc1", 16, "relu6"));
        if (Boolean.getBoolean("loihi.convzoo.relu6")) {
            return;
        }
        // Session 16: the depthwise, separable and zero-padded layers of mobile-style CNNs.
        write(out, "c2d_separable", 4, seed -> new KerasTestModel(seed, 16, 16, 3)
                .zeroPadding("pad1", new int[][] {{1, 1}, {1, 1}}, "pairs")
                .conv("conv1", 8, new int[] {3, 3}, new int[] {2, 2}, "valid", "relu")
                .depthwise("dw1", 1, 0, new int[] {3, 3}, new int[] {1, 1}, "same", "relu", true)
                .conv("pw1", 16, new int[] {1, 1}, new int[] {1, 1}, "valid", "relu")
                .globalPool("GlobalAveragePooling2D", "gap", false), false);
        write(out, "c1d_separable", 4, seed -> new KerasTestModel(seed, 48, 2)
                .depthwise("sep1", 2, 8, new int[] {5}, new int[] {2}, "same", "relu", true)
                .zeroPadding("pad2", new int[][] {{2, 2}}, "pairs")
                .depthwise("dw2", 1, 0, new int[] {5}, new int[] {1}, "valid", "relu", true)
                .flatten("flatten")
                .dense("fc1", 16, "relu"), false);
        // A MobileNet-style digit classifier: depthwise-separable blocks, a Dense at every position, a global pool.
        write(out, "digits_mobile", 10, seed -> new KerasTestModel(seed, 28, 28, 1)
                .conv("conv1", 16, new int[] {3, 3}, new int[] {2, 2}, "same", "relu")
                .depthwise("dw1", 1, 0, new int[] {3, 3}, new int[] {1, 1}, "same", "relu", true)
                .conv("pw1", 32, new int[] {1, 1}, new int[] {1, 1}, "valid", "relu")
                .zeroPadding("pad2", new int[][] {{0, 1}, {0, 1}}, "pairs")
                .depthwise("dw2", 1, 0, new int[] {3, 3}, new int[] {2, 2}, "valid", "relu", true)
                .dense("pw2", 32, "relu")
                .globalPool("GlobalAveragePooling2D", "gap", false), true);
        if (Boolean.getBoolean("loihi.convzoo.new")) {
            return;
        }
        write(out, "c1d_maxpool", 5, seed -> new KerasTestModel(seed, 32, 3)
                .conv("conv1", 16, new int[] {3}, new int[] {1}, "same", "relu")
                .pool("MaxPooling1D", "pool1", new int[] {2}, "valid")
                .conv("conv2", 8, new int[] {3}, new int[] {2}, "valid", "relu")
                .flatten("flatten")
                .dense("fc1", 32, "relu"), false);
        write(out, "c2d_bn_gap", 4, seed -> new KerasTestModel(seed, 16, 16, 2)
                .conv("conv1", 8, new int[] {3, 3}, new int[] {1, 1}, "same", "linear")
                .batchNorm("bn1", true, true)
                .activation("act1", "relu")
                .pool("AveragePooling2D", "pool1", new int[] {2, 2}, "valid")
                .conv("conv2", 16, new int[] {3, 3}, new int[] {2, 2}, "same", "relu")
                .globalPool("GlobalAveragePooling2D", "gap", false), false);
        write(out, "jetlike", 5, seed -> new KerasTestModel(seed, 25, 25, 1)
                .conv("conv1", 4, new int[] {5, 5}, new int[] {2, 2}, "valid", "relu")
                .conv("conv2", 8, new int[] {3, 3}, new int[] {1, 1}, "valid", "relu")
                .flatten("flatten")
                .dense("fc1", 16, "relu"), false);
        write(out, "digits_maxpool", 10, seed -> new KerasTestModel(seed, 28, 28, 1)
                .conv("conv1", 16, new int[] {3, 3}, new int[] {1, 1}, "valid", "relu")
                .pool("MaxPooling2D", "pool1", new int[] {2, 2}, "valid")
                .conv("conv2", 8, new int[] {3, 3}, new int[] {1, 1}, "valid", "relu")
                .pool("AveragePooling2D", "pool2", new int[] {2, 2}, "valid")
                .flatten("flatten"), true);
        // The Keras examples' MNIST convnet: conv 32, max pool, conv 64, max pool, dense 10.
        write(out, "keras_mnist_convnet", 10, seed -> new KerasTestModel(seed, 28, 28, 1)
                .conv("conv1", 32, new int[] {3, 3}, new int[] {1, 1}, "valid", "relu")
                .pool("MaxPooling2D", "pool1", new int[] {2, 2}, "valid")
                .conv("conv2", 64, new int[] {3, 3}, new int[] {1, 1}, "valid", "relu")
                .pool("MaxPooling2D", "pool2", new int[] {2, 2}, "valid")
                .flatten("flatten")
                .dropout("dropout"), true);
        // Session 13: two more that the surrogate scores with the default copies (SurrogateCheck).
        write(out, "c2d_rgb_gap", 5, seed -> new KerasTestModel(seed, 16, 16, 3)
                .conv("conv1", 12, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .pool("AveragePooling2D", "pool1", new int[] {2, 2}, "valid")
                .conv("conv2", 16, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .globalPool("GlobalAveragePooling2D", "gap", false), false);
        write(out, "c2d_flat_dense", 4, seed -> new KerasTestModel(seed, 20, 20, 1)
                .conv("conv1", 8, new int[] {3, 3}, new int[] {1, 1}, "same", "relu")
                .pool("AveragePooling2D", "pool1", new int[] {2, 2}, "valid")
                .conv("conv2", 8, new int[] {3, 3}, new int[] {2, 2}, "same", "relu")
                .flatten("flatten")
                .dense("fc1", 16, "relu"), false);
        write(out, "c1d_deep", 3, seed -> new KerasTestModel(seed, 64, 1)
                .conv("conv1", 8, new int[] {5}, new int[] {1}, "same", "relu")
                .conv("conv2", 8, new int[] {5}, new int[] {1}, "same", "relu")
                .pool("AveragePooling1D", "pool1", new int[] {4}, "valid")
                .flatten("flatten")
                .dense("fc1", 16, "relu")
                .dense("fc2", 16, "relu"), false);
    }

    private static double[][] scaled(double[][] x, double scale) {
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] *= scale;
            }
        }
        return x;
    }

    /**
     * Fits the readout and writes the model and its inputs: standard-normal ones, or drawn digits
     * (their labels are the teacher then, as in {@link MnistLikeCnn}).
     */
    private static void write(Path out, String name, int classes, LongFunction<KerasTestModel> features, boolean digits) {
        write(out, name, classes, features, digits, 1.0);
    }

    /** As {@link #write(Path, String, int, LongFunction, boolean)} on standard-normal inputs times {@code scale}. */
    private static void write(Path out, String name, int classes, double scale, LongFunction<KerasTestModel> features) {
        write(out, name, classes, features, false, scale);
    }

    private static void write(Path out, String name, int classes, LongFunction<KerasTestModel> features, boolean digits,
                              double scale) {
        long seed = name.hashCode();
        KerasTestModel probe = features.apply(seed);
        double[][] train = digits ? DigitImages.draw(2000, 11) : scaled(probe.randomInputs(2000), scale);
        double[][] calibration = digits ? DigitImages.draw(CALIBRATION, 12) : scaled(probe.randomInputs(CALIBRATION), scale);
        double[][] test = digits ? DigitImages.draw(TEST, 13) : scaled(probe.randomInputs(TEST), scale);
        double[][] hidden = features.apply(seed).reference(train);
        int[] labels = digits ? DigitImages.labels(train.length) : teacher(hidden, classes, seed);
        double[][] w = MnistLikeCnn.ridge(hidden, labels, classes);
        KerasTestModel model = features.apply(seed).dense("readout", classes, "softmax");
        float[][] kernel = (float[][]) model.weights().get("readout").get("readout/kernel:0");
        float[] bias = (float[]) model.weights().get("readout").get("readout/bias:0");
        for (int i = 0; i < kernel.length; i++) {
            for (int j = 0; j < classes; j++) {
                kernel[i][j] = (float) w[i][j];
            }
        }
        for (int j = 0; j < classes; j++) {
            bias[j] = (float) w[kernel.length][j];
        }
        model.writeFullModel(out.resolve(name + ".h5"));
        int[] shape = model.inputShape();
        NpyWriter.write(out.resolve(name + "_cal.npy"), calibration, shape);
        NpyWriter.write(out.resolve(name + "_test.npy"), test, shape);
        int[] perClass = new int[classes];
        for (double[] y : model.reference(test)) {
            perClass[KerasFixtureImportTest.argmax(y)]++;
        }
        System.out.println("CONVZOO " + name + " float classes on test " + Arrays.toString(perClass));
        assertTrue(Arrays.stream(perClass).allMatch(n -> n > 0), name + ": float predictions cover every class "
                + Arrays.toString(perClass));
    }

    /** Classes of a random linear teacher on standardized features: about as many of each. */
    private static int[] teacher(double[][] hidden, int classes, long seed) {
        int d = hidden[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] row : hidden) {
            for (int i = 0; i < d; i++) {
                mean[i] += row[i] / hidden.length;
            }
        }
        for (double[] row : hidden) {
            for (int i = 0; i < d; i++) {
                sd[i] += (row[i] - mean[i]) * (row[i] - mean[i]) / hidden.length;
            }
        }
        Random r = new Random(seed ^ 0x5eed);
        double[][] projection = new double[d][classes];
        for (double[] row : projection) {
            for (int k = 0; k < classes; k++) {
                row[k] = r.nextGaussian();
            }
        }
        int[] labels = new int[hidden.length];
        for (int n = 0; n < hidden.length; n++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    s += (hidden[n][i] - mean[i]) / Math.sqrt(sd[i] + 1e-12) * projection[i][k];
                }
                if (s > best) {
                    best = s;
                    labels[n] = k;
                }
            }
        }
        return labels;
    }
}
