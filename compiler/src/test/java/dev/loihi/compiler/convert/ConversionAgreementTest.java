package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The converted jet tagger, run as spikes in float units ({@link RateSimulation}), classifies
 * random standardized jets like the float Keras model. Figures measured when this was written
 * (100 inputs, calibration on 500 others): with the defaults (reset by subtraction, max rate 1,
 * two copies per neuron, 99th percentile) 0.99 at 200 steps and 0.95 at 50, and 0.98 at 200
 * from the weights alone; reset-to-zero neurons (max rate 0.5, 99.9th percentile) 0.98 at 200.
 * The bounds leave room for the stochastic-free but input-dependent quantization of a small
 * sample.
 */
class ConversionAgreementTest {
    private static final int STEPS = 200;
    private static final int SAMPLES = 100;

    @Test
    void shouldAgreeWithTheFloatModelWhenCalibrated() {
        AnnModel model = jetTagger();
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults().withCalibration(gaussian(500, 16, 7)));
        double agreement = agreement(model, net, gaussian(SAMPLES, 16, 8), STEPS);
        assertTrue(agreement >= 0.96, "agreement " + agreement);
    }

    @Test
    void shouldAgreeWithinFiftyStepsWhenCalibrated() {
        AnnModel model = jetTagger();
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults().withCalibration(gaussian(500, 16, 7)));
        double agreement = agreement(model, net, gaussian(SAMPLES, 16, 10), 50);
        assertTrue(agreement >= 0.92, "agreement " + agreement);
    }

    @Test
    void shouldAgreeWithTheFloatModelFromTheWeightsAlone() {
        AnnModel model = jetTagger();
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults());
        double agreement = agreement(model, net, gaussian(SAMPLES, 16, 9), STEPS);
        assertTrue(agreement >= 0.93, "agreement " + agreement);
    }

    @Test
    void shouldAgreeWithResetToZeroNeurons() {
        AnnModel model = jetTagger();
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults().withHiddenType(NeuronType.SPIKING_RELU)
                .withCalibration(gaussian(500, 16, 7)));
        double agreement = agreement(model, net, gaussian(SAMPLES, 16, 8), STEPS);
        assertTrue(agreement >= 0.88, "agreement " + agreement);
    }

    private static double agreement(AnnModel model, Network net, double[][] x, int steps) {
        double[][] reference = FloatModel.predict(model, x);
        int same = 0;
        for (int s = 0; s < x.length; s++) {
            double[] z = RateSimulation.run(net, x[s], steps);
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
