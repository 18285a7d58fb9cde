package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.calibrate.CalibrationSearch;
import dev.loihi.compiler.calibrate.Predictor;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmulatorPredictorTest {
    /** The search reads short presentations off a long one: they must be exactly the short runs. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldReadEveryLengthOffOnePresentationAsItsOwnRunGivesIt(long seed) {
        Random r = new Random(seed);
        AnnModel model = new AnnModel("m", 5, List.of(dense("h", 5, 8, Activation.RELU, r),
                dense("out", 8, 3, Activation.SOFTMAX, r)));
        double[][] x = new double[7][5];
        for (double[] row : x) {
            Arrays.setAll(row, k -> r.nextGaussian());
        }
        ConvertOptions options = ConvertOptions.defaults().withCalibration(x).withPercentile(99.9);
        Predictor never = (image, rows, steps) -> {
            throw new AssertionError("a forced percentile runs nothing");
        };
        Image image = CalibrationSearch.convert(model, options, CompileOptions.defaults(), never).compiled().image();
        int[] steps = {25, 40, 100};
        EmulatorPredictor emulator = new EmulatorPredictor();
        double[][][] together = emulator.readouts(image, x, steps);
        assertEquals(steps.length, together.length);
        ImageInfo info = ImageInfo.of(image);
        try (Workers w = Workers.open(null, LinkOptions.defaults(), 1, image,
                link -> new Presenter(link, info, info.encoder(null), ChannelConfig.defaults()))) {
            for (int k = 0; k < steps.length; k++) {
                // as run presents them: one presentation of steps[k]
                int settle = new Workload(image, info, null, null).defaultSettle(steps[k]);
                double[][] alone = Evaluation.run(w.presenters(), x, steps[k], settle, Progress.NONE).scores();
                for (int i = 0; i < x.length; i++) {
                    assertArrayEquals(alone[i], together[k][i], 0.0, "steps=" + steps[k] + " input=" + i);
                }
            }
        }
    }

    private static DenseLayer dense(String name, int in, int units, Activation activation, Random r) {
        double[][] kernel = new double[in][units];
        for (double[] row : kernel) {
            Arrays.setAll(row, j -> r.nextGaussian() / Math.sqrt(in));
        }
        double[] bias = new double[units];
        Arrays.setAll(bias, j -> 0.1 * r.nextGaussian());
        return new DenseLayer(name, kernel, bias, activation);
    }
}
