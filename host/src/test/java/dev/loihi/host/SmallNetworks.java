package dev.loihi.host;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.calibrate.CalibrationSearch;
import dev.loihi.compiler.calibrate.Predictor;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.image.Image;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeded dense networks and standard-normal inputs, compiled without the fixtures. */
final class SmallNetworks {
    private SmallNetworks() {}

    /** {@code rows} standard-normal inputs of {@code width} values. */
    static double[][] inputs(int rows, int width, Random r) {
        double[][] x = new double[rows][width];
        for (double[] row : x) {
            Arrays.setAll(row, k -> r.nextGaussian());
        }
        return x;
    }

    /** A 5-8-3 network calibrated on {@code x} at a forced percentile, so that compiling runs nothing. */
    static Image image(double[][] x, Random r) {
        return image(x, r, CompileOptions.defaults());
    }

    /** As {@link #image(double[][], Random)}, compiled with {@code compile}. */
    static Image image(double[][] x, Random r, CompileOptions compile) {
        AnnModel model = new AnnModel("m", 5, List.of(dense("h", 5, 8, Activation.RELU, r),
                dense("out", 8, 3, Activation.SOFTMAX, r)));
        ConvertOptions options = ConvertOptions.defaults().withCalibration(x).withPercentile(99.9);
        Predictor never = (image, rows, steps) -> {
            throw new AssertionError("a forced percentile runs nothing");
        };
        return CalibrationSearch.convert(model, options, compile, never).compiled().image();
    }

    static DenseLayer dense(String name, int in, int units, Activation activation, Random r) {
        double[][] kernel = new double[in][units];
        for (double[] row : kernel) {
            Arrays.setAll(row, j -> r.nextGaussian() / Math.sqrt(in));
        }
        double[] bias = new double[units];
        Arrays.setAll(bias, j -> 0.1 * r.nextGaussian());
        return new DenseLayer(name, kernel, bias, activation);
    }
}
