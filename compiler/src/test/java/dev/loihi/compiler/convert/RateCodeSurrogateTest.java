package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.keras.AnnModel;
import org.junit.jupiter.api.Test;

class RateCodeSurrogateTest {
    private static final AnnModel PASS = RateLossTest.PASS;

    @Test
    void shouldCountWhatStaggeredCopiesDeliver() {
        assertEquals(0.5, RateCodeSurrogate.counted(0.5, 1, 10), 1e-12);
        // one copy started at 1/2 rounds 0.4 spikes to none; four started at 1/8, 3/8, 5/8, 7/8 give two in 40
        assertEquals(0.0, RateCodeSurrogate.counted(0.04, 1, 10), 1e-12);
        assertEquals(2.0 / 40, RateCodeSurrogate.counted(0.04, 4, 10), 1e-12);
        assertEquals(1.0, RateCodeSurrogate.counted(1.0, 3, 10), 1e-12);
    }

    @Test
    void shouldReadTheCountsOfEveryLayerAfterTheSettlingSteps() {
        // calibration max 1 at the 100th percentile: lambda_0 = lambda_1 = 1
        ConvertOptions options = ConvertOptions.defaults().withCalibration(new double[][] {{1.0}});
        double[][][] out = RateCodeSurrogate.of(PASS, options, new double[] {100}).get(0).readouts(new double[][] {{0.3}, {-0.3}}, new int[] {50});
        // 50 steps less min(2 x 3 layers, 5) settling = 45; four input axons carry 13.5 as 13, 13, 14, 14
        // (exactly 0.3), three copies of h as 13, 14, 14 of 135
        assertEquals(41.0 / 135, out[0][0][0], 1e-12);
        assertEquals(0.0, out[0][1][0], 1e-12);
    }

    @Test
    void shouldCountTheDenseWeightsOfTheConversion() {
        // 1 input x 2 signs x 4 axons -> 3 copies of h, 3 copies -> 1 readout
        assertEquals(8 * 3 + 3, RateCodeSurrogate.weights(PASS, ConvertOptions.defaults()));
        assertEquals(2 * 1 + 1, RateCodeSurrogate.weights(PASS, ConvertOptions.defaults().withReplicas(1).withInputCopies(1)));
    }
}
