package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RateEncoderTest {

    /** Spikes per axon over {@code steps} steps of one presentation. */
    private static int[] counts(RateEncoder encoder, double[] x, int steps) {
        int[] count = new int[encoder.axons()];
        int[] fired = new int[encoder.axons()];
        encoder.present(x);
        for (int t = 0; t < steps; t++) {
            int n = encoder.next(fired);
            for (int i = 0; i < n; i++) {
                count[fired[i]]++;
            }
        }
        return count;
    }

    @Test
    void shouldDriveTheOnGroupForPositiveAndTheOffGroupForNegativeFeatures() {
        RateEncoder encoder = new RateEncoder(2, 4.0, 2);
        assertEquals(8, encoder.axons());
        int[] count = counts(encoder, new double[] {2.0, -1.0}, 100);
        // Feature 0 (rate 1/2): on-axons 0 and 1; feature 1 (rate 1/4): off-axons 6 and 7.
        assertEquals(50, count[0]);
        assertEquals(50, count[1]);
        assertEquals(0, count[2] + count[3] + count[4] + count[5]);
        assertEquals(25, count[6]);
        assertEquals(25, count[7]);
    }

    @Test
    void shouldResolveARateToAFractionOfASpikeWithStaggeredCopies() {
        // Rate 0.3 over 5 steps: 1.5 spikes. One axon rounds it to 2; four staggered copies
        // together deliver 6 spikes, i.e. 1.5 per copy on average.
        int[] one = counts(new RateEncoder(1, 1.0, 1), new double[] {0.3}, 5);
        assertEquals(2, one[0]);
        int[] four = counts(new RateEncoder(1, 1.0, 4), new double[] {0.3}, 5);
        assertEquals(6, four[0] + four[1] + four[2] + four[3]);
    }

    @Test
    void shouldCapTheRateAtOneSpikePerStepAndRestartEachPresentation() {
        RateEncoder encoder = new RateEncoder(1, 1.0, 3);
        int[] first = counts(encoder, new double[] {7.0}, 10);
        assertEquals(10, first[0]);
        assertEquals(10, first[2]);
        int[] again = counts(encoder, new double[] {7.0}, 10);
        assertEquals(first[0], again[0], "accumulators restart with each presentation");
    }

    static LongStream seeds() {
        return LongStream.range(1, 21);
    }

    /**
     * Step by step, the spikes are those of every axon's accumulator stepped as the class comment
     * says (the encoder visits only the axons that can fire): seeded inputs with zeros, both
     * signs, rates above the cap, NaN, over several presentations on one encoder; into an array
     * with room for every axon (no branch a firing axon) and one with room for the spikes only.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldSpikeAsEveryAccumulatorSteppedInTurn(long seed) {
        Random r = new Random(seed);
        int features = 1 + r.nextInt(20);
        int copies = 1 + r.nextInt(4);
        double scale = 0.5 + 3 * r.nextDouble();
        RateEncoder encoder = new RateEncoder(features, scale, copies);
        // the same spikes into an array with room for exactly them (the loop for short arrays)
        RateEncoder tight = new RateEncoder(features, scale, copies);
        int[] fired = new int[encoder.axons()];
        for (int presentation = 0; presentation < 3; presentation++) {
            double[] x = new double[features];
            for (int k = 0; k < features; k++) {
                int pick = r.nextInt(8);
                x[k] = pick == 0 ? 0 : pick == 1 ? Double.NaN : pick == 2 ? 10 * r.nextGaussian() : r.nextGaussian();
            }
            encoder.present(x);
            tight.present(x);
            double[] rate = new double[encoder.axons()];
            double[] acc = new double[encoder.axons()];
            for (int k = 0; k < features; k++) {
                double rk = Math.min(1.0, Math.abs(x[k]) / scale);
                for (int c = 0; c < copies; c++) {
                    int on = 2 * k * copies + c;
                    rate[on] = x[k] > 0 ? rk : 0;
                    rate[on + copies] = x[k] < 0 ? rk : 0;
                    acc[on] = (c + 0.5) / copies;
                    acc[on + copies] = (c + 0.5) / copies;
                }
            }
            for (int t = 0; t < 50; t++) {
                int[] expected = new int[encoder.axons()];
                int n = 0;
                for (int a = 0; a < acc.length; a++) {
                    acc[a] += rate[a];
                    if (acc[a] >= 1.0) {
                        acc[a] -= 1.0;
                        expected[n++] = a;
                    }
                }
                int count = encoder.next(fired);
                assertArrayEquals(Arrays.copyOf(expected, n), Arrays.copyOf(fired, count), "step " + t);
                int[] exact = new int[n];
                assertEquals(n, tight.next(exact), "step " + t);
                assertArrayEquals(Arrays.copyOf(expected, n), exact, "step " + t);
            }
        }
    }
}
