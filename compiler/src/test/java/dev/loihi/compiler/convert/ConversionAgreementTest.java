package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.net.Network;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The converted jet tagger, run as spikes in float units ({@link RateSimulation}), classifies
 * random standardized jets like the float Keras model. Figures measured when this was written
 * (300 inputs): 93% agreement at 100 steps and 95% at 200 with calibration; 93% and 95% from
 * the weights alone. The bounds below leave room for the stochastic-free but input-dependent
 * quantization of a smaller sample.
 */
class ConversionAgreementTest {
    private static final int STEPS = 200;
    private static final int SAMPLES = 100;

    @Test
    void shouldAgreeWithTheFloatModelWhenCalibrated() {
        AnnModel model = jetTagger();
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults().withCalibration(gaussian(500, 16, 7)));
        double agreement = agreement(model, net, gaussian(SAMPLES, 16, 8));
        assertTrue(agreement >= 0.88, "agreement " + agreement);
    }

    @Test
    void shouldAgreeWithTheFloatModelFromTheWeightsAlone() {
        AnnModel model = jetTagger();
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults());
        double agreement = agreement(model, net, gaussian(SAMPLES, 16, 9));
        assertTrue(agreement >= 0.88, "agreement " + agreement);
    }

    private static double agreement(AnnModel model, Network net, double[][] x) {
        double[][] reference = FloatModel.predict(model, x);
        int same = 0;
        for (int s = 0; s < x.length; s++) {
            double[] z = RateSimulation.run(net, x[s], STEPS);
            if (argmax(z) == argmax(reference[s])) {
                same++;
            }
        }
        return same / (double) x.length;
    }

    private static AnnModel jetTagger() {
        Optional<Path> json = Fixtures.find("keras/KERAS_3layer.json");
        Optional<Path> weights = Fixtures.find("keras/KERAS_3layer_weights.h5");
        Assumptions.assumeTrue(json.isPresent() && weights.isPresent());
        return KerasImporter.load(json.get(), weights.get());
    }

    static double[][] gaussian(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int i = 0; i < cols; i++) {
                row[i] = random.nextGaussian();
            }
        }
        return x;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
