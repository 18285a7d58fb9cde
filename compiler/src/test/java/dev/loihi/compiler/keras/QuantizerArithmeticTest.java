package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each quantizer against values worked out by hand from the QKeras and HGQ formulas
 * (round half to even where TensorFlow's round applies, floor(x + 1/2) where QKeras's automatic
 * scales and HGQ's RND use it).
 */
class QuantizerArithmeticTest {
    @Test
    void shouldRoundQuantizedBitsToItsGridAndClipAtItsRange() {
        // bits 6, integer 0, keep_negative: steps of 1/32 from -1 to 31/32.
        QuantizedBits q = new QuantizedBits(6, 0, false, true, 1.0, false);
        assertEquals(0.5, q.apply(0.5, 0));
        assertEquals(31 / 32.0, q.apply(1.2, 0));
        assertEquals(-1.0, q.apply(-1.2, 0));
        assertEquals(0.0, q.apply(0.5 / 32, 0), "half a step rounds to even (0)");
        assertEquals(2 / 32.0, q.apply(1.5 / 32, 0), "1.5 steps round to even (2)");
        assertEquals(31 / 32.0, q.maxOutput());
    }

    @Test
    void shouldScaleQuantizedBitsByAlphaAndIntegerBits() {
        // bits 4, integer 1, symmetric, alpha 0.5: values 0.5 x 2 x k / 8 for k in -7..7.
        QuantizedBits q = new QuantizedBits(4, 1, true, true, 0.5, false);
        assertEquals(0.5 * 2 * 3 / 8.0, q.apply(0.8, 0));
        assertEquals(-0.5 * 2 * 7 / 8.0, q.apply(-5, 0), "symmetric: -7, not -8");
    }

    @Test
    void shouldTakeTheSignForOneKeptNegativeBit() {
        QuantizedBits q = new QuantizedBits(1, 0, false, true, 1.0, false);
        assertEquals(1.0, q.apply(0.3, 0));
        assertEquals(-1.0, q.apply(-0.2, 0));
        assertEquals(1.0, q.apply(0.0, 0));
    }

    @Test
    void shouldFindPowerOfTwoScalesPerOutputChannelForAutoPo2() {
        // quantized_bits(4, 0, 1, alpha="auto_po2"), levels 14. Column 0 (0.3, -0.1): first
        // scale 0.3 x 2 / 14 -> 2^-5; levels min(floor(9.6 + .5), 7) = 7 and floor(3.2 + .5) = 3;
        // least squares (0.3 x 7 + 0.1 x 3) / (49 + 9) = 0.0414 -> 2^-5 again.
        // Column 1 (0.05, 0.02): 0.05 x 2 / 14 -> 2^-7; levels 6 and 3; (0.3 + 0.06) / 45 = 0.008 -> 2^-7.
        QuantizedBits q = new QuantizedBits(4, 0, true, true, Double.NaN, true);
        double[] kernel = {0.3, 0.05, -0.1, 0.02};
        assertArrayEquals(new double[] {7 / 32.0, 6 / 128.0, -3 / 32.0, 3 / 128.0}, q.quantize(kernel, new int[] {2, 2}));
    }

    @Test
    void shouldUseOneFloatScalePerChannelForAuto() {
        // alpha "auto": scale max|x| x 2 / levels, levels 2 (2^2 - 1) = 6 for 3 bits; column (0.3, 0.1):
        // scale 0.1, levels floor(3 + .5) = 3 and floor(1 + .5) = 1.
        QuantizedBits q = new QuantizedBits(3, 0, true, true, Double.NaN, false);
        double[] out = q.quantize(new double[] {0.3, 0.1}, new int[] {2, 1});
        assertEquals(0.3, out[0], 1e-15);
        assertEquals(0.1, out[1], 1e-15);
    }

    @Test
    void shouldRoundToPowersOfTwoWithinTheExponentRange() {
        // bits 4 without max_value: the exponent has its own sign bit, so it spans -4..3.
        QuantizedPo2 q = new QuantizedPo2(4, Double.NaN, false, false);
        assertEquals(0.25, q.apply(0.3, 0));
        assertEquals(-0.125, q.apply(-0.1, 0));
        assertEquals(0.0625, q.apply(0.001, 0), "clipped at 2^-4");
        assertEquals(8.0, q.apply(20, 0), "clipped at 2^3");
        assertEquals(0.0625, q.apply(0, 0), "zero counts as positive, at the smallest exponent");
        // max_value 1: no exponent sign bit (-8..7), and |x| is capped at 1 first.
        assertEquals(1.0, new QuantizedPo2(4, 1.0, false, false).apply(3, 0));
        assertEquals(0.25, new QuantizedPo2(4, 1.0, false, true).apply(0.45, 0), "floor of log2");
    }

    @Test
    void shouldQuantizeReluOutputsOnItsGrid() {
        // bits 3, integer 1: steps of 2/8, at most 2 x (1 - 1/8).
        QuantizedRelu q = new QuantizedRelu(3, 1, Double.NaN);
        assertEquals(0.25, q.apply(0.3, 0));
        assertEquals(1.75, q.apply(5, 0));
        assertEquals(0.0, q.apply(-1, 0));
        assertEquals(0.5, q.apply(0.375, 0), "1.5 steps round to even (2)");
        assertEquals(0.0, q.apply(0.125, 0), "half a step rounds to even (0)");
        assertEquals(1.75, q.maxOutput());
    }

    @Test
    void shouldTruncateRoundAndWrapLikeApFixed() {
        int[] one = {1};
        FixedPointQuantizer trnWrap = new FixedPointQuantizer(one, new int[] {7}, new int[] {3},
                FixedPointQuantizer.Rounding.TRN, FixedPointQuantizer.Overflow.WRAP);
        assertEquals(1.0, trnWrap.apply(1.03, 0));
        assertEquals(-0.0625, trnWrap.apply(-0.01, 0), "truncation goes toward minus infinity");
        assertEquals(-3.0, trnWrap.apply(5.0, 0), "80 wraps to 80 - 128 = -48 sixteenths");
        FixedPointQuantizer rndSat = new FixedPointQuantizer(one, new int[] {7}, new int[] {3},
                FixedPointQuantizer.Rounding.RND, FixedPointQuantizer.Overflow.SAT);
        assertEquals(1.0625, rndSat.apply(1.05, 0));
        assertEquals(63 / 16.0, rndSat.apply(5.0, 0));
        FixedPointQuantizer unsigned = new FixedPointQuantizer(new int[] {0}, new int[] {6}, new int[] {2},
                FixedPointQuantizer.Rounding.TRN, FixedPointQuantizer.Overflow.WRAP);
        assertEquals(62 / 16.0, unsigned.apply(-0.1, 0), "ufixed wraps -2 sixteenths to 62");
    }

    /**
     * The conversion shifts a truncating layer's drive by the quantizer's mean rounding error; here
     * that mean is measured from {@code apply} itself, over values spread evenly inside the range.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldGiveTheMeanRoundingErrorOfEachMode(long seed) {
        Random random = new Random(seed);
        int k = random.nextInt(2);
        int bits = 3 + random.nextInt(8);
        int integers = random.nextInt(bits) - 2;
        for (FixedPointQuantizer.Rounding rounding : FixedPointQuantizer.Rounding.values()) {
            FixedPointQuantizer q = new FixedPointQuantizer(new int[] {k}, new int[] {bits}, new int[] {integers},
                    rounding, FixedPointQuantizer.Overflow.SAT);
            double step = Math.scalb(1.0, integers - bits);
            // Values from 0 to two steps below the top, 997 per step, none on a tie.
            int points = 997 * ((1 << (bits - k)) - 2);
            double sum = 0;
            for (int i = 0; i < points; i++) {
                double x = (i + 0.25) / 997 * step;
                sum += q.apply(x, 0) - x;
            }
            assertEquals(sum / points, q.roundingBias(0), step * 1e-3, rounding + " bits=" + bits + " integers=" + integers);
        }
    }

    @Test
    void shouldApplyPerElementBitWidths() {
        FixedPointQuantizer q = new FixedPointQuantizer(new int[] {1, 1}, new int[] {4, 0}, new int[] {1, 0},
                FixedPointQuantizer.Rounding.TRN, FixedPointQuantizer.Overflow.SAT);
        assertEquals(0.375, q.apply(0.4, 0));
        assertEquals(0.0, q.apply(0.4, 1), "a zero-bit element is pruned");
    }

    @Test
    void shouldBinarizeAndTernarizeKernels() {
        int[] shape = {5};
        assertArrayEquals(new double[] {1, -1, -1, 1, -1}, new SignWeights(false, 1).quantize(
                new double[] {0.3, 0, -0.4, 2, -2}, shape), "binary: 0 goes to -H");
        assertArrayEquals(new double[] {1, 0, -1, 0, 0}, new SignWeights(true, 1).quantize(
                new double[] {0.6, 0.5, -0.5, -0.49, 0}, shape));
        assertArrayEquals(new double[] {2, 0}, new SignWeights(true, 2).quantize(new double[] {1.2, 0.9}, new int[] {2}));
    }
}
