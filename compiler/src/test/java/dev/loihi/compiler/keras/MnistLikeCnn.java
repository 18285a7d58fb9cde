package dev.loihi.compiler.keras;

import dev.loihi.compiler.io.DigitImages;

/**
 * An MNIST-size CNN for tests and measurements: Conv2D 32 3x3 relu -> AveragePooling 2x2 ->
 * Conv2D 16 3x3 relu -> AveragePooling 2x2 -> Flatten -> Dense 10 softmax on 28 x 28 x 1. The
 * convolutions keep their random (seeded) filters; the readout is fitted by ridge regression
 * to one-hot labels of {@link DigitImages}, so the model classifies those digits and its float
 * predictions cover every class.
 */
final class MnistLikeCnn {
    private static final double RIDGE = 1e-3;

    private MnistLikeCnn() {}

    static KerasTestModel build(long seed, double[][] trainImages, int[] trainLabels) {
        double[][] features = features(seed).reference(trainImages);
        KerasTestModel model = features(seed).dense("readout", 10, "softmax");
        double[][] w = ridge(features, trainLabels, 10);
        float[][] kernel = (float[][]) model.weights().get("readout").get("readout/kernel:0");
        float[] bias = (float[]) model.weights().get("readout").get("readout/bias:0");
        for (int i = 0; i < kernel.length; i++) {
            for (int j = 0; j < 10; j++) {
                kernel[i][j] = (float) w[i][j];
            }
        }
        for (int j = 0; j < 10; j++) {
            bias[j] = (float) w[kernel.length][j];
        }
        return model;
    }

    private static KerasTestModel features(long seed) {
        return new KerasTestModel(seed, DigitImages.SIZE, DigitImages.SIZE, 1)
                .conv("conv1", 32, new int[] {3, 3}, new int[] {1, 1}, "valid", "relu")
                .pool("AveragePooling2D", "pool1", new int[] {2, 2}, "valid")
                .conv("conv2", 16, new int[] {3, 3}, new int[] {1, 1}, "valid", "relu")
                .pool("AveragePooling2D", "pool2", new int[] {2, 2}, "valid")
                .flatten("flatten");
    }

    /** Least squares with a small ridge, a bias column appended: rows of the result are features, then the bias. */
    static double[][] ridge(double[][] x, int[] labels, int classes) {
        int d = x[0].length + 1;
        double[][] a = new double[d][d + classes];
        for (int r = 0; r < x.length; r++) {
            double[] row = java.util.Arrays.copyOf(x[r], d);
            row[d - 1] = 1.0;
            for (int i = 0; i < d; i++) {
                if (row[i] == 0.0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    a[i][j] += row[i] * row[j];
                }
                a[i][d + labels[r]] += row[i];
            }
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += a[i][i];
        }
        for (int i = 0; i < d; i++) {
            a[i][i] += RIDGE * trace / d;
        }
        for (int col = 0; col < d; col++) {
            int pivot = col;
            for (int r = col + 1; r < d; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < d; r++) {
                if (r != col && a[r][col] != 0.0) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c < d + classes; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[][] w = new double[d][classes];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < classes; k++) {
                w[i][k] = a[i][d + k] / a[i][i];
            }
        }
        return w;
    }
}
