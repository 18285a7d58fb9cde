package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

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
}
