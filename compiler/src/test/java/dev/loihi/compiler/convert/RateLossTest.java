package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.report.ConversionReport.InputLoss;
import dev.loihi.compiler.report.ConversionReport.LayerLoss;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLossTest {
    /** One hidden unit passing its input through: activation = max(x, 0). */
    static final AnnModel PASS = new AnnModel("pass", 1, List.of(
            new DenseLayer("h", new double[][] {{1.0}}, new double[] {0.0}, Activation.RELU),
            new DenseLayer("out", new double[][] {{1.0}}, new double[] {0.0}, Activation.LINEAR)));

    @Test
    void shouldCountClippedAndLostAmongPositiveActivationsOnly() {
        // positive activations 0.001, 0.5, 1.0, 2.0, 4.0; zeros and negatives are carried exactly
        double[][] x = {{0}, {-1}, {0.001}, {0.5}, {1.0}, {2.0}, {4.0}};
        LayerScales scales = new LayerScales(4.0, new double[] {1.0}, true);
        RateLoss.Losses l = RateLoss.measure(PASS, scales, 1.0, x, 100);
        LayerLoss h = l.layers().get(0);
        assertEquals("h", h.name());
        assertEquals(2.0 / 5, h.clipped(), 1e-12); // 2.0 and 4.0 ask for more than one spike per step
        assertEquals(1.0 / 5, h.lost(), 1e-12); // 0.001 x 100 steps is under one spike
        assertEquals(100, l.steps());
    }

    @Test
    void shouldCountFloatResidueAsZero() {
        // 1e-18 (a trained bias that went nowhere) is no value; 1e-3 of the scale is, and is lost
        double[][] x = {{1e-18}, {1e-7}, {0.001}, {0.5}};
        LayerLoss h = RateLoss.measure(PASS, new LayerScales(4.0, new double[] {1.0}, true), 1.0, x, 100).layers().get(0);
        assertEquals(1.0 / 2, h.lost(), 1e-12);
    }

    @Test
    void shouldTreatAMaxRateBelowOneAsHeadroom() {
        double[][] x = {{1.5}, {0.5}};
        RateLoss.Losses l = RateLoss.measure(PASS, new LayerScales(4.0, new double[] {1.0}, true), 0.5, x, 100);
        assertEquals(0.0, l.layers().get(0).clipped(), 1e-12); // 1.5 x 0.5 = 0.75 spikes per step
    }

    @Test
    void shouldNameTheInputFeatureTheEncoderClips() {
        double[][] x = new double[10][3];
        for (int i = 0; i < 10; i++) {
            x[i][0] = 0.5;
            x[i][1] = i < 9 ? -0.5 : 0.0;
            x[i][2] = 50.0; // one column far outside a standard-normal calibration
        }
        InputLoss in = RateLoss.input(x, 4.0);
        assertEquals(2, in.worstFeature());
        assertEquals(1.0, in.worstFeatureClipped(), 1e-12);
        assertEquals(10.0 / 29, in.clipped(), 1e-12);
    }
}
