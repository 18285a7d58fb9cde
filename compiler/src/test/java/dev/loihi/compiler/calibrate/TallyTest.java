package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.convert.GaussianMoments;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TallyTest {
    private static final int LENGTHS = CalibrationSearch.SCORE_STEPS.length;

    /** sigma is measured on the inputs run; the margins are those of every calibration input. */
    @Test
    void shouldExpectTheAgreementOverEveryCalibrationInputFromTheMarginError() {
        Random random = new Random(23);
        double[][] reference = new double[1000][];
        Arrays.setAll(reference, i -> new double[] {random.nextDouble() * 2, 0});
        int[] subset = new int[200];
        Arrays.setAll(subset, i -> 5 * i);
        double[] sigma = {0.3, 0.2, 0.1};
        double floor = floorSquared(reference);
        double[][][] readouts = new double[LENGTHS][subset.length][];
        for (int k = 0; k < LENGTHS; k++) {
            for (int i = 0; i < subset.length; i++) {
                double[] z = reference[subset[i]];
                // errors relative to the input's scale, sigma's in size
                double error = (i % 2 == 0 ? sigma[k] : -sigma[k]) * scale(z, floor);
                readouts[k][i] = new double[] {z[0] + error, z[1]};
            }
        }
        Tally t = new Tally(subset.length);
        t.record(readouts, reference, subset, 0, subset.length);
        double[] expected = new double[LENGTHS];
        for (int k = 0; k < LENGTHS; k++) {
            double s = sigma[k];
            expected[k] = Arrays.stream(reference).mapToDouble(z -> GaussianMoments.cdf(z[0] / scale(z, floor) / s))
                    .average().orElseThrow();
        }
        assertArrayEquals(expected, t.expectedAgreements(subset.length), 1e-12);
        // the first half alone: the same sigma, the same margins
        assertArrayEquals(expected, t.expectedAgreements(subset.length / 2), 1e-12);
    }

    @Test
    void shouldExpectFullAgreementFromExactReadouts() {
        double[][] reference = {{1, 0, 0.5}, {0, 2, 1}, {0.1, 0, 0}};
        int[] subset = {0, 1, 2};
        double[][][] readouts = new double[LENGTHS][][];
        Arrays.fill(readouts, reference);
        Tally t = new Tally(3);
        t.record(readouts, reference, subset, 0, 3);
        assertArrayEquals(new double[] {1, 1, 1}, t.expectedAgreements(3));
    }

    /** Against the float model's runner-up; for one output, toward its sign. */
    @Test
    void shouldTakeTheMarginAgainstTheRunnerUp() {
        Margin three = Margin.toward(new double[] {3, 2, 0});
        assertEquals(1.0, three.in(new double[] {3, 2, 0}));
        assertEquals(0.1, three.in(new double[] {2.5, 2.4, 5}), 1e-12, "not against the readout's own best");
        Margin negative = Margin.toward(new double[] {-2});
        assertEquals(2.0, negative.in(new double[] {-2}));
        assertEquals(-0.5, negative.in(new double[] {0.5}));
        assertEquals(1.5, Margin.toward(new double[] {1.5}).in(new double[] {1.5}));
    }

    /**
     * Where the readout's error along the margin is Gaussian, as the estimate assumes, it is the
     * count of agreements that many inputs would give.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void shouldMatchTheCountedAgreementUnderGaussianError(int seed) {
        Random random = new Random(seed);
        int n = 20_000;
        int classes = 2 + random.nextInt(4);
        double[][] reference = new double[n][classes];
        for (double[] z : reference) {
            Arrays.setAll(z, j -> random.nextGaussian());
        }
        double sigma = 0.05 + 0.3 * random.nextDouble();
        double floor = floorSquared(reference);
        int[] subset = new int[n];
        Arrays.setAll(subset, i -> i);
        double[][][] readouts = new double[LENGTHS][n][];
        for (int k = 0; k < LENGTHS; k++) {
            for (int i = 0; i < n; i++) {
                // the error on the float class alone: along the margin, sigma times the input's scale
                double[] r = reference[i].clone();
                double error = sigma * scale(reference[i], floor) * random.nextGaussian();
                r[CalibrationSearch.classOf(reference[i])] += error;
                readouts[k][i] = r;
            }
        }
        Tally t = new Tally(n);
        t.record(readouts, reference, subset, 0, n);
        double[] expected = t.expectedAgreements(n);
        for (int k = 0; k < LENGTHS; k++) {
            double counted = t.agreements().get(k);
            assertEquals(counted, expected[k], 0.005, "length " + k);
            assertTrue(counted < 1, "some inputs disagree");
        }
    }

    /**
     * The margin's noise estimate (the delta method on each input's influence) is the spread
     * that the difference of two candidates' scores really has over draws of the judged inputs.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void shouldEstimateTheNoiseOfAScoreDifference(int seed) {
        Random random = new Random(seed);
        int population = 2_000;
        int n = 200;
        double[][] reference = new double[population][3];
        for (double[] z : reference) {
            Arrays.setAll(z, j -> random.nextGaussian());
        }
        double sigmaA = 0.2 + 0.2 * random.nextDouble();
        double sigmaB = sigmaA * (1.2 + 0.3 * random.nextDouble());
        int draws = 300;
        double[] differences = new double[draws];
        double margins = 0;
        for (int d = 0; d < draws; d++) {
            int[] subset = random.ints(n, 0, population).toArray();
            Tally a = noisy(reference, subset, sigmaA, random);
            Tally b = noisy(reference, subset, sigmaB, random);
            differences[d] = a.score() - b.score();
            margins += a.margin(b);
        }
        double mean = Arrays.stream(differences).average().orElseThrow();
        double spread = Math.sqrt(Arrays.stream(differences).map(x -> (x - mean) * (x - mean)).sum() / (draws - 1));
        double estimated = margins / draws / CalibrationSearch.NOISE_Z;
        assertTrue(mean > 0, "the candidate with the smaller error scores higher on average");
        assertEquals(1.0, estimated / spread, 0.2, "estimated " + estimated + " against " + spread);
    }

    @Test
    void shouldAskAtLeastOneInputsWorthOfTheSameCandidate() {
        double[][] reference = {{1, 0}, {0, 1}, {2, 1}, {0, 3}};
        int[] subset = {0, 1, 2, 3};
        Tally a = noisy(reference, subset, 0.3, new Random(1));
        assertEquals(0.25, a.margin(a), 1e-12);
    }

    /**
     * A tally of readouts with Gaussian error on each output, at every length: {@code sigma}
     * times the input's scale.
     */
    private static Tally noisy(double[][] reference, int[] subset, double sigma, Random random) {
        double floor = floorSquared(reference);
        double[][][] readouts = new double[LENGTHS][subset.length][];
        for (int k = 0; k < LENGTHS; k++) {
            for (int i = 0; i < subset.length; i++) {
                double[] r = reference[subset[i]].clone();
                double size = sigma * scale(reference[subset[i]], floor);
                for (int j = 0; j < r.length; j++) {
                    r[j] += size * random.nextGaussian();
                }
                readouts[k][i] = r;
            }
        }
        Tally t = new Tally(subset.length);
        t.record(readouts, reference, subset, 0, subset.length);
        return t;
    }

    /** The floor under every input's squared scale: {@link Tally#SCALE_FLOOR} of the mean squared readout. */
    private static double floorSquared(double[][] reference) {
        return Tally.SCALE_FLOOR * Arrays.stream(reference).mapToDouble(TallyTest::squaredNorm).average().orElseThrow();
    }

    private static double scale(double[] z, double floorSquared) {
        return Math.sqrt(squaredNorm(z) + floorSquared);
    }

    private static double squaredNorm(double[] z) {
        return Arrays.stream(z).map(v -> v * v).sum();
    }
}
