package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.ConvGeometry;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rates the converter measures on its calibration inputs ({@link MeasuredRates}) are those
 * of the converted network itself: each spiking layer's drive, computed from the network's own
 * weights, biases and input encoding, is its rate; the mean is over the neurons that fire.
 */
class MeasuredRatesTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldMeasureTheRatesTheConvertedNetworkFiresAt(long seed) {
        AnnModel model = windows(AnnToSnnTest.randomModel(3 + (int) seed, 6, 5, 2));
        double[][] x = ConversionAgreementTest.gaussian(40, model.inputSize(), seed);
        // At the largest activation as the scale nothing is clipped on the calibration inputs,
        // so each layer's drive from the one below is exactly its rate.
        ConvertOptions options = ConvertOptions.defaults().withPercentile(100).withCalibration(x);
        Network net = AnnToSnn.convert(model, options);
        double scale = net.encoding().scale();
        int copies = net.encoding().copies();

        // The inputs of the two window layers; the readout's input keeps the worst case.
        assertEquals(Set.of(AnnToSnn.INPUT, "h1"), net.rateSquares().keySet());
        assertEquals(1.0, net.rateSquare("h2"));
        double[][] rates = new double[x.length][];
        FiringSquares inputSquares = new FiringSquares();
        for (int r = 0; r < x.length; r++) {
            rates[r] = new double[2 * x[r].length * copies];
            for (int k = 0; k < x[r].length; k++) {
                for (int c = 0; c < copies; c++) {
                    rates[r][(2 * k) * copies + c] = Math.min(1, Math.max(0, x[r][k]) / scale);
                    rates[r][(2 * k + 1) * copies + c] = Math.min(1, Math.max(0, -x[r][k]) / scale);
                }
            }
            inputSquares.add(rates[r]);
        }
        assertEquals(inputSquares.mean(), net.rateSquare(AnnToSnn.INPUT), 1e-12);
        for (String layer : new String[] {"h1"}) {
            Ensemble e = net.ensembles().stream().filter(en -> en.name().equals(layer)).findFirst().orElseThrow();
            double[][] w = net.connections().stream().filter(c -> c.post().equals(layer)).findFirst()
                    .map(Connection::weights).orElseThrow();
            FiringSquares squares = new FiringSquares();
            for (int r = 0; r < x.length; r++) {
                double[] drive = e.bias().clone();
                for (int i = 0; i < w.length; i++) {
                    for (int j = 0; j < drive.length; j++) {
                        drive[j] += rates[r][i] * w[i][j];
                    }
                }
                for (int j = 0; j < drive.length; j++) {
                    assertTrue(drive[j] <= 1 + 1e-9, "unclipped at the largest activation: " + drive[j]);
                    drive[j] = Math.min(1, Math.max(0, drive[j]));
                }
                rates[r] = drive;
                squares.add(drive);
            }
            assertTrue(squares.silent > 0, "some units are silent: " + layer);
            assertEquals(squares.mean(), net.rateSquare(layer), 1e-9, layer);
            assertTrue(net.rateSquare(layer) > 0 && net.rateSquare(layer) <= 1, layer);
        }
    }

    @Test
    void shouldMeasureNothingIntoDenseLayers() {
        AnnModel model = AnnToSnnTest.randomModel(3, 4, 5, 2);
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults()
                .withCalibration(ConversionAgreementTest.gaussian(50, 3, 9)));
        assertTrue(net.rateSquares().isEmpty());
    }

    @Test
    void shouldMeasureNothingWithoutCalibration() {
        Network net = AnnToSnn.convert(windows(AnnToSnnTest.randomModel(3, 4, 5, 2)), ConvertOptions.defaults());
        assertTrue(net.rateSquares().isEmpty());
        // Unmeasured: the worst case, every neuron spiking every step.
        assertEquals(1.0, net.rateSquare("h1"));
        assertEquals(1.0, net.rateSquare(AnnToSnn.INPUT));
    }

    /** {@code model} with its hidden layers as 1 x 1 convolutions over one position: the same weights, as windows. */
    private static AnnModel windows(AnnModel model) {
        List<DenseLayer> layers = new ArrayList<>();
        for (int l = 0; l < model.layers().size(); l++) {
            DenseLayer d = model.layers().get(l);
            boolean hidden = l < model.layers().size() - 1;
            layers.add(hidden ? new DenseLayer(d.name(), d.kernel(), d.bias(), d.activation(), ConvGeometry.keras(
                    new int[] {1}, d.inputSize(), new int[] {1}, new int[] {1}, false, d.units())) : d);
        }
        return new AnnModel(model.name(), model.inputSize(), layers);
    }

    /** Squared rates of the neurons that fire, every copy and axon counted. */
    private static final class FiringSquares {
        double sum;
        long firing;
        long silent;

        void add(double[] rates) {
            for (double r : rates) {
                if (r > MeasuredRates.SILENT) {
                    sum += r * r;
                    firing++;
                } else {
                    silent++;
                }
            }
        }

        double mean() {
            return sum / firing;
        }
    }
}
