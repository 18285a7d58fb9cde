package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnnToSnnTest {
    private static final double EPS = 1e-12;

    @Test
    void shouldFeedTheFirstLayerFromOnAndOffAxons() {
        AnnModel model = randomModel(3, 4, 5, 2);
        ConvertOptions options = ConvertOptions.defaults().withReplicas(1).withInputCopies(1)
                .withCalibration(ConversionAgreementTest.gaussian(50, 3, 1));
        LayerScales scales = RateNormalizer.scales(model, options);
        Network net = AnnToSnn.convert(model, options);

        assertEquals(AnnToSnn.INPUT, net.inputs().get(0).name());
        assertEquals(6, net.inputs().get(0).n());
        double factor = scales.input() / scales.hidden()[0] * options.maxRate();
        double[][] w = connection(net, "h1").weights();
        double[][] kernel = model.layers().get(0).kernel();
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(kernel[k][j] * factor, w[2 * k][j], EPS);
                assertEquals(-kernel[k][j] * factor, w[2 * k + 1][j], EPS);
            }
        }
    }

    @Test
    void shouldGiveEachInputSignStaggeredAxonsThatShareItsWeight() {
        AnnModel model = randomModel(3, 4, 5, 2);
        ConvertOptions base = ConvertOptions.defaults().withReplicas(1)
                .withCalibration(ConversionAgreementTest.gaussian(50, 3, 8));
        double[][] single = connection(AnnToSnn.convert(model, base.withInputCopies(1)), "h1").weights();
        Network net = AnnToSnn.convert(model, base.withInputCopies(4));
        assertEquals(24, net.inputs().get(0).n());
        assertEquals(4, net.encoding().copies());
        assertEquals(24, net.encoding().axons());
        double[][] w = connection(net, "h1").weights();
        for (int k = 0; k < 3; k++) {
            for (int s = 0; s < 2; s++) {
                for (int c = 0; c < 4; c++) {
                    // Axon (2k + s) x copies + c: four axons each firing at the feature's rate carry a quarter.
                    assertEquals(single[2 * k + s][2] / 4, w[(2 * k + s) * 4 + c][2], EPS);
                }
            }
        }
    }

    @Test
    void shouldScaleHiddenLayersByTheRatioOfTheirScales() {
        AnnModel model = randomModel(3, 4, 5, 2);
        ConvertOptions options = ConvertOptions.defaults().withMaxRate(0.4).withReplicas(1)
                .withCalibration(ConversionAgreementTest.gaussian(50, 3, 2));
        double[] lambda = RateNormalizer.scales(model, options).hidden();
        Network net = AnnToSnn.convert(model, options);

        DenseLayer second = model.layers().get(1);
        double[][] w = connection(net, "h2").weights();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(second.kernel()[i][j] * lambda[0] / lambda[1], w[i][j], EPS);
            }
        }
        Ensemble h2 = ensemble(net, "h2");
        for (int j = 0; j < 5; j++) {
            assertEquals(second.bias()[j] * 0.4 / lambda[1], h2.bias()[j], EPS);
        }
        assertEquals(NeuronType.SUBTRACTIVE_RELU, h2.type());
    }

    @Test
    void shouldReadTheLastLayerOutThroughAReadoutEnsemble() {
        AnnModel model = randomModel(3, 4, 5, 2);
        ConvertOptions options = ConvertOptions.defaults().withReplicas(1).withInputCopies(1)
                .withCalibration(ConversionAgreementTest.gaussian(50, 3, 3));
        double[] lambda = RateNormalizer.scales(model, options).hidden();
        Network net = AnnToSnn.convert(model, options);

        Ensemble out = ensemble(net, "out");
        assertEquals(NeuronType.READOUT, out.type());
        assertArrayEquals(model.outputLayer().bias(), out.bias(), EPS);
        double[][] w = connection(net, "out").weights();
        assertEquals(model.outputLayer().kernel()[3][1] * lambda[1] / options.maxRate(), w[3][1], EPS);
        assertEquals(List.of("out"), net.outputs());
        assertEquals(new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, 3, RateNormalizer.scales(model, options).input(),
                "softmax"), net.encoding());
    }

    @Test
    void shouldCopyEveryHiddenNeuronWithStaggeredStarts() {
        AnnModel model = randomModel(3, 4, 5, 2);
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults().withReplicas(4)
                .withCalibration(ConversionAgreementTest.gaussian(50, 3, 6)));
        Ensemble h1 = ensemble(net, "h1");
        assertEquals(16, h1.n());
        assertArrayEquals(new double[] {0.125, 0.375, 0.625, 0.875}, java.util.Arrays.copyOfRange(h1.start(), 4, 8),
                EPS);
        double[][] w = connection(net, "h1").weights();
        for (int c = 0; c < 4; c++) {
            assertEquals(w[0][4], w[0][4 + c], 0.0, "copies share their inputs");
            assertEquals(h1.bias()[4], h1.bias()[4 + c], 0.0);
        }
    }

    /**
     * The rates the bias trim holds the chip to: per hidden unit, maxRate x a / lambda of the
     * float model run with each value clipped where the chip clips it (inputs at lambda_0, hidden
     * activations at lambda / maxRate), one name per hidden ensemble; where nothing clips, the
     * float rates, whose means over the calibration rows are each copy's measured mean rate.
     */
    @Test
    void shouldGiveEachHiddenUnitTheRateTheChipCanFireAt() {
        AnnModel model = randomModel(3, 4, 5, 2);
        double[][] x = ConversionAgreementTest.gaussian(40, 3, 8);
        ConvertOptions options = ConvertOptions.defaults().withCalibration(x).withPercentile(99.5);
        java.util.Map<String, double[][]> rates = AnnToSnn.unitRates(model, options, x);
        assertEquals(java.util.Set.of("h1", "h2"), rates.keySet());
        LayerScales scales = AnnToSnn.scales(model, options);
        double[][] a = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            a[i] = new double[3];
            for (int k = 0; k < 3; k++) {
                a[i][k] = Math.max(-scales.input(), Math.min(scales.input(), x[i][k]));
            }
        }
        int clipped = 0;
        for (int l = 0; l < 2; l++) {
            double lambda = scales.hidden()[l];
            double[][] r = rates.get("h" + (l + 1));
            for (int i = 0; i < x.length; i++) {
                a[i] = FloatModel.forward(model.layers().get(l), a[i]);
                for (int u = 0; u < a[i].length; u++) {
                    clipped += a[i][u] > lambda ? 1 : 0;
                    a[i][u] = Math.min(lambda, a[i][u]);
                    assertEquals(a[i][u] / lambda, r[i][u], EPS);
                }
            }
        }
        assertTrue(clipped > 0, "the 99.5th percentile clips some activations");
        // at the largest activations nothing clips: the float rates, each copy's measured mean
        ConvertOptions unclipped = options.withPercentile(100);
        java.util.Map<String, double[][]> full = AnnToSnn.unitRates(model, unclipped, x);
        Network net = AnnToSnn.convert(model, unclipped.withCalibration(x));
        double[] lambda = AnnToSnn.scales(model, unclipped).hidden();
        List<double[][]> outputs = FloatModel.layerOutputs(model, x);
        for (int l = 0; l < 2; l++) {
            double[] mean = net.meanRate("h" + (l + 1));
            double[][] r = full.get("h" + (l + 1));
            for (int u = 0; u < r[0].length; u++) {
                double sum = 0;
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Math.max(0, outputs.get(l)[i][u] / lambda[l]), r[i][u], 1e-9);
                    sum += r[i][u];
                }
                assertEquals(mean[u * 3], sum / x.length, 1e-9, "h" + (l + 1) + " unit " + u);
            }
        }
    }

    @Test
    void shouldShareAPreNeuronsWeightAmongItsCopies() {
        AnnModel model = randomModel(3, 4, 5, 2);
        ConvertOptions base = ConvertOptions.defaults().withCalibration(ConversionAgreementTest.gaussian(50, 3, 7));
        double[][] single = connection(AnnToSnn.convert(model, base.withReplicas(1)), "out").weights();
        double[][] triple = connection(AnnToSnn.convert(model, base.withReplicas(3)), "out").weights();
        assertEquals(15, triple.length);
        for (int i = 0; i < 5; i++) {
            for (int c = 0; c < 3; c++) {
                // Three copies each firing at the rate of one neuron: each carries a third.
                assertEquals(single[i][1] / 3, triple[3 * i + c][1], EPS);
            }
        }
    }

    @Test
    void shouldUseSubtractiveNeuronsAtFullRateWithThreeCopiesAndFourInputAxonsByDefault() {
        ConvertOptions options = ConvertOptions.defaults();
        assertEquals(NeuronType.SUBTRACTIVE_RELU, options.hiddenType());
        assertEquals(1.0, options.maxRate());
        assertEquals(99.0, options.percentileInUse());
        assertEquals(3, options.replicaCount());
        assertEquals(4, options.inputCopyCount());
        ConvertOptions resetToZero = options.withHiddenType(NeuronType.SPIKING_RELU);
        assertEquals(0.5, resetToZero.maxRate());
        assertEquals(99.9, resetToZero.percentileInUse());
        assertEquals(1, resetToZero.replicaCount());
        assertEquals(null, ensemble(AnnToSnn.convert(randomModel(3, 4, 5, 2), resetToZero), "h1").start());
    }

    @Test
    void shouldReadOutASingleLayerModelStraightFromTheInputAxons() {
        AnnModel model = new AnnModel("single", 2, List.of(
                new DenseLayer("o", new double[][] {{1, 2}, {3, 4}}, new double[] {0.5, -0.5}, Activation.SIGMOID)));
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults().withInputScale(2.0).withInputCopies(1));
        assertArrayEquals(new double[][] {{2, 4}, {-2, -4}, {6, 8}, {-6, -8}}, connection(net, "o").weights());
        assertEquals("sigmoid", net.encoding().outputActivation());
    }

    @Test
    void shouldUseLifNeuronsWhenAsked() {
        Network net = AnnToSnn.convert(randomModel(3, 4, 5, 2), ConvertOptions.defaults().withLif(0.03, 0.001));
        Ensemble h1 = ensemble(net, "h1");
        assertEquals(NeuronType.LIF, h1.type());
        assertEquals(0.03, h1.tauRc());
        assertEquals(0.001, h1.tauRef());
        assertEquals(NeuronType.READOUT, ensemble(net, "out").type());
    }

    @Test
    void shouldMergeLinearHiddenLayersExactly() {
        Random random = new Random(4);
        AnnModel model = new AnnModel("linear_inside", 3, List.of(
                layer("lin", 3, 6, Activation.LINEAR, random),
                layer("h", 6, 4, Activation.RELU, random),
                layer("out", 4, 2, Activation.LINEAR, random)));
        AnnModel merged = LinearMerge.merge(model);
        assertEquals(List.of("h", "out"), merged.layers().stream().map(DenseLayer::name).toList());
        double[][] x = ConversionAgreementTest.gaussian(20, 3, 5);
        double[][] expected = FloatModel.predict(model, x);
        double[][] actual = FloatModel.predict(merged, x);
        for (int r = 0; r < x.length; r++) {
            assertArrayEquals(expected[r], actual[r], 1e-12);
        }
        assertEquals(2, AnnToSnn.convert(model, ConvertOptions.defaults()).ensembles().size());
    }

    @Test
    void shouldRenameAnEnsembleThatClashesWithTheInput() {
        Random random = new Random(6);
        AnnModel model = new AnnModel("clash", 2, List.of(layer("input", 2, 3, Activation.RELU, random),
                layer("out", 3, 1, Activation.LINEAR, random)));
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults());
        assertEquals("input_1", net.ensembles().get(0).name());
        assertEquals("input_1", net.connections().get(1).pre());
    }

    static AnnModel randomModel(int in, int h1, int h2, int out) {
        Random random = new Random(in * 1000L + h1 * 100L + h2 * 10L + out);
        return new AnnModel("random", in, List.of(layer("h1", in, h1, Activation.RELU, random),
                layer("h2", h1, h2, Activation.RELU, random), layer("out", h2, out, Activation.SOFTMAX, random)));
    }

    static DenseLayer layer(String name, int in, int units, Activation activation, Random random) {
        double[][] kernel = new double[in][units];
        double[] bias = new double[units];
        for (double[] row : kernel) {
            for (int j = 0; j < units; j++) {
                row[j] = random.nextGaussian() / Math.sqrt(in);
            }
        }
        for (int j = 0; j < units; j++) {
            bias[j] = 0.1 * random.nextGaussian();
        }
        return new DenseLayer(name, kernel, bias, activation);
    }

    private static Connection connection(Network net, String post) {
        return net.connections().stream().filter(c -> c.post().equals(post)).findFirst().orElseThrow();
    }

    private static Ensemble ensemble(Network net, String name) {
        return net.ensembles().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
