package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.convert.RateCodeSurrogate;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.ConversionReport.CandidateScore;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SurrogateSearchTest {
    @Test
    void shouldScoreEveryCandidateOnTheSurrogateAndCompileTheBest() {
        Random r = new Random(5);
        AnnModel model = new AnnModel("m", 4, List.of(layer("h", 4, 10, Activation.RELU, r),
                layer("out", 10, 3, Activation.SOFTMAX, r)));
        double[][] x = new double[300][4];
        for (double[] row : x) {
            for (int k = 0; k < row.length; k++) {
                row[k] = r.nextGaussian();
            }
        }
        ConvertOptions options = AnnToSnn.fitted(model, ConvertOptions.defaults().withCalibration(x));
        CalibrationSearch.Result result = SurrogateSearch.convert(model, options, CompileOptions.defaults(),
                CalibrationSearch.floatReadout(model, x), null, true);

        ConversionReport report = result.report();
        assertEquals(ConversionReport.SURROGATE, report.method());
        assertEquals(CalibrationSearch.PERCENTILES.length, report.candidates().size());
        CandidateScore chosen = report.candidates().stream().filter(CandidateScore::chosen).findFirst().orElseThrow();
        assertEquals(1, report.candidates().stream().filter(CandidateScore::chosen).count());
        assertEquals(chosen.percentile(), report.percentile());
        assertTrue(report.candidates().stream().allMatch(c -> c.inputs() == 300));
        double best = report.candidates().stream().mapToDouble(CandidateScore::score).max().orElseThrow();
        assertTrue(best - chosen.score() <= chosen.margin(), "the chosen one is not beaten beyond noise");
        assertTrue(report.candidates().stream().filter(c -> c.percentile() > chosen.percentile())
                .allMatch(c -> best - c.score() > c.margin()), "every higher percentile is");
        assertTrue(result.compiled().image().metadata().contains("\"surrogate\""));
        // a model this small stays on the emulator search
        assertFalse(SurrogateSearch.applies(model, options));
        assertTrue(RateCodeSurrogate.weights(model, options) < SurrogateSearch.MIN_WEIGHTS);
    }

    /**
     * Candidates that each get the first {@code wrong[c]} inputs of one seeded order wrong: the
     * inputs in dispute between two are then exactly the difference of their counts d, and the
     * best beats another beyond noise when d > max(2 sqrt(d), 1), that is from d = 5 on.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void shouldTakeTheHighestPercentileNotBeatenBeyondNoise(long seed) {
        Random r = new Random(seed);
        int[] wrong = new int[CalibrationSearch.PERCENTILES.length];
        Arrays.setAll(wrong, c -> r.nextInt(4) == 0 ? r.nextInt(3) : r.nextInt(30));
        int fewest = Arrays.stream(wrong).min().orElseThrow();
        int expected = 0;
        for (int c = 0; c < wrong.length; c++) {
            expected = wrong[c] <= fewest + 4 ? c : expected;
        }
        assertEquals(expected, SurrogateSearch.choose(tallies(wrong, 400, seed)), Arrays.toString(wrong));
    }

    /** The MNIST-like CNN's surrogate figures: 99.9 agrees on all 400 inputs, 100 on 399; 100 is taken. */
    @Test
    void shouldTakeTheClippingFreeCandidateWhenItLosesOneInput() {
        assertEquals(4, SurrogateSearch.choose(tallies(new int[] {26, 12, 0, 1, 1}, 400, 1)));
        assertEquals(2, SurrogateSearch.choose(tallies(new int[] {26, 12, 0, 9, 9}, 400, 1)));
    }

    static Tally[] tallies(int[] wrong, int n, long seed) {
        int classes = 3;
        Random r = new Random(seed);
        double[][] reference = new double[n][classes];
        for (int i = 0; i < n; i++) {
            reference[i][i % classes] = 1 + r.nextDouble();
        }
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] subset = new int[n];
        Arrays.setAll(subset, i -> i);
        Tally[] tallies = new Tally[wrong.length];
        for (int c = 0; c < wrong.length; c++) {
            double[][] readout = new double[n][];
            for (int i = 0; i < n; i++) {
                readout[i] = reference[i].clone();
            }
            for (int w = 0; w < wrong[c]; w++) {
                int i = order[w];
                readout[i][(i + 1) % classes] = 2 * reference[i][i % classes];
            }
            double[][][] perLength = new double[CalibrationSearch.SCORE_STEPS.length][][];
            Arrays.fill(perLength, readout);
            tallies[c] = new Tally(n);
            tallies[c].record(perLength, reference, subset, 0, n);
        }
        return tallies;
    }

    private static DenseLayer layer(String name, int in, int units, Activation activation, Random r) {
        double[][] kernel = new double[in][units];
        for (double[] row : kernel) {
            for (int j = 0; j < units; j++) {
                row[j] = r.nextGaussian() / Math.sqrt(in);
            }
        }
        return new DenseLayer(name, kernel, new double[units], activation);
    }
}
