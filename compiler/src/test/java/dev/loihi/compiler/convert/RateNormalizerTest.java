package dev.loihi.compiler.convert;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.net.NeuronType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateNormalizerTest {
    /** One input copied to one ReLU unit, then read out: the unit's activations are the inputs. */
    private static final AnnModel PASS_THROUGH = new AnnModel("pass", 1, List.of(
            new DenseLayer("h", new double[][] {{1}}, new double[] {0}, Activation.RELU),
            new DenseLayer("out", new double[][] {{1}}, new double[] {0}, Activation.LINEAR)));

    /**
     * A ReLU6 layer's scale is where the chip saturates, so it is never above the cap: from
     * calibration activations (capped by the float model) and from the weights alone, whose
     * Gaussian estimate knows nothing of the cap (a unit of weight 20 on unit-variance input).
     */
    @Test
    void shouldKeepAReluSixScaleAtOrBelowTheCap() {
        AnnModel capped = new AnnModel("capped", 1, List.of(
                new DenseLayer("h", new double[][] {{20}}, new double[] {0}, Activation.RELU6),
                new DenseLayer("out", new double[][] {{1}}, new double[] {0}, Activation.LINEAR)));
        double[][] x = new double[200][1];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = (i - 100) / 50.0;
        }
        ConvertOptions data = ConvertOptions.defaults().withCalibration(x).withPercentile(100);
        assertEquals(Activation.RELU6_CAP, RateNormalizer.scales(capped, data).hidden()[0], 0.0);
        assertEquals(Activation.RELU6_CAP, RateNormalizer.scales(capped, ConvertOptions.defaults()).hidden()[0], 0.0);
        AnnModel plain = new AnnModel("plain", 1, List.of(
                new DenseLayer("h", new double[][] {{20}}, new double[] {0}, Activation.RELU),
                new DenseLayer("out", new double[][] {{1}}, new double[] {0}, Activation.LINEAR)));
        assertTrue(RateNormalizer.scales(plain, ConvertOptions.defaults()).hidden()[0] > Activation.RELU6_CAP,
                "without the cap the same weights would set a larger scale");
    }

    @Test
    void shouldInterpolatePercentilesLikeNumpy() {
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 999 - i;
        }
        assertEquals(998.001, RateNormalizer.percentile(values, 99.9), 1e-9);
        assertEquals(499.5, RateNormalizer.percentile(values, 50), 1e-9);
        assertEquals(999.0, RateNormalizer.percentile(values, 100), 0.0);
    }

    @Test
    void shouldTakeThePercentileOfCalibrationActivations() {
        double[][] x = new double[1000][1];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = i;
        }
        LayerScales scales = RateNormalizer.scales(PASS_THROUGH,
                ConvertOptions.defaults().withPercentile(99.9).withCalibration(x));
        assertTrue(scales.dataBased());
        assertEquals(998.001, scales.input(), 1e-9);
        assertEquals(998.001, scales.hidden()[0], 1e-9);
    }

    @Test
    void shouldFallBackToTheMaximumForAMostlySilentLayer() {
        double[][] x = new double[2000][1];
        x[5][0] = 3.0;
        LayerScales scales = RateNormalizer.scales(PASS_THROUGH, ConvertOptions.defaults().withCalibration(x));
        assertEquals(3.0, scales.hidden()[0], 0.0);
    }

    @Test
    void shouldUseOneForALayerThatNeverActivates() {
        double[][] x = new double[100][1];
        for (double[] row : x) {
            row[0] = -1.0;
        }
        assertEquals(1.0, RateNormalizer.scales(PASS_THROUGH, ConvertOptions.defaults().withCalibration(x)).hidden()[0], 0.0);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldEstimateTheFirstLayerScaleFromWeightsAsSamplingWould(long seed) {
        Random random = new Random(seed);
        AnnModel model = new AnnModel("m", 20, List.of(AnnToSnnTest.layer("h", 20, 30, Activation.RELU, random),
                AnnToSnnTest.layer("out", 30, 3, Activation.LINEAR, random)));
        double fromWeights = RateNormalizer.scales(model, ConvertOptions.defaults()).hidden()[0];
        double sampled = RateNormalizer.scales(model, ConvertOptions.defaults().withInputScale(4.0)
                .withCalibration(ConversionAgreementTest.gaussian(20000, 20, seed))).hidden()[0];
        assertEquals(sampled, fromWeights, 0.05 * sampled);
    }

    @Test
    void shouldUseTheDefaultInputScaleWithoutCalibration() {
        assertEquals(ConvertOptions.DEFAULT_INPUT_SCALE, RateNormalizer.scales(PASS_THROUGH, ConvertOptions.defaults()).input());
    }

    @Test
    void shouldRejectCalibrationRowsOfTheWrongWidth() {
        assertCalibrationRejected(new double[][] {{1, 2}});
    }

    @Test
    void shouldRejectAnEmptyCalibrationSet() {
        assertCalibrationRejected(new double[0][]);
    }

    @Test
    void shouldRejectNonFiniteCalibrationValues() {
        assertCalibrationRejected(new double[][] {{Double.NaN}});
    }

    @Test
    void shouldRejectOutOfRangeOptions() {
        ConvertOptions d = ConvertOptions.defaults();
        assertBadOption(() -> d.withMaxRate(0.0));
        assertBadOption(() -> d.withMaxRate(1.5));
        assertBadOption(() -> d.withPercentile(0.0));
        assertBadOption(() -> d.withInputScale(-1.0));
        assertBadOption(() -> d.withLif(0.0, 0.002));
        assertBadOption(() -> d.withLif(0.02, -1.0));
        assertBadOption(() -> new ConvertOptions(NeuronType.READOUT, 0.02, 0.002, 0.5, 99.9, Double.NaN, null));
        assertBadOption(() -> d.withReplicas(-1));
        assertBadOption(() -> d.withReplicas(ConvertOptions.MAX_REPLICAS + 1));
        // Copies need staggered starts, which only reset by subtraction has.
        assertBadOption(() -> d.withHiddenType(NeuronType.SPIKING_RELU).withReplicas(2));
    }

    private static void assertCalibrationRejected(double[][] x) {
        LoihiException e = assertThrows(LoihiException.class,
                () -> RateNormalizer.scales(PASS_THROUGH, ConvertOptions.defaults().withCalibration(x)));
        assertEquals(CompilerErrors.CONVERT_BAD_CALIBRATION, e.code());
    }

    private static void assertBadOption(org.junit.jupiter.api.function.Executable build) {
        LoihiException e = assertThrows(LoihiException.class, build);
        assertEquals(CompilerErrors.CONVERT_BAD_OPTION, e.code());
    }
}
