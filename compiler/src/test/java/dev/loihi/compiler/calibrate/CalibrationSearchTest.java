package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.image.ImageWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationSearchTest {
    private static final Predictor NEVER = (image, x, steps) -> fail("the predictor must not run");

    @Test
    void shouldNotSearchWhenThePercentileIsForced() {
        AnnModel model = model(1);
        ConvertOptions options = ConvertOptions.defaults().withCalibration(inputs(300, 2)).withPercentile(99.9);
        CalibrationSearch.Result r = CalibrationSearch.convert(model, options, CompileOptions.defaults(), NEVER);
        assertEquals(ConversionReport.FORCED, r.report().method());
        assertEquals(99.9, r.report().percentile());
        assertTrue(r.report().candidates().isEmpty());
        assertEquals(1, r.report().layers().size());
        assertTrue(r.compiled().image().metadata().contains("\"conversion\""));
    }

    @Test
    void shouldNotSearchWithoutCalibrationInputs() {
        CalibrationSearch.Result r = CalibrationSearch.convert(model(1), ConvertOptions.defaults(),
                CompileOptions.defaults(), NEVER);
        assertEquals(ConversionReport.WEIGHTS, r.report().method());
        assertEquals(null, r.report().input());
    }

    /** A predictor that is exact except for one candidate: the search must pick a candidate it scored best. */
    @Test
    void shouldChooseTheCandidateThatAgreesMostAndScoreEveryOne() {
        AnnModel model = model(3);
        double[][] x = inputs(400, 4);
        ConvertOptions options = ConvertOptions.defaults().withCalibration(x);
        // candidates are told apart by their input scale, which the image's encoding carries
        String best = "\"scale\":" + AnnToSnn.scales(model, options.withPercentile(99.9)).input();
        List<Integer> calls = new ArrayList<>();
        Predictor predictor = (image, rows, steps) -> {
            calls.add(steps);
            double[][] out = CalibrationSearch.floatReadout(model, rows);
            // every candidate but the one at 99.9 swaps the first two outputs on a third of the inputs
            for (int i = 0; i < rows.length && !image.metadata().contains(best); i += 3) {
                double t = out[i][0];
                out[i][0] = out[i][1];
                out[i][1] = t;
            }
            return out;
        };
        CalibrationSearch.Result a = CalibrationSearch.convert(model, options, CompileOptions.defaults(), predictor);
        ConversionReport report = a.report();
        assertEquals(ConversionReport.SEARCH, report.method());
        assertEquals(CalibrationSearch.PERCENTILES.length, report.candidates().size());
        // every candidate in round 1, the KEEP best in round 2, each at every score length
        assertEquals(CalibrationSearch.SCORE_STEPS.length * (CalibrationSearch.PERCENTILES.length + CalibrationSearch.KEEP),
                calls.size());
        assertEquals(CalibrationSearch.KEEP, report.candidates().stream().filter(c -> c.inputs() == 400).count(),
                "the best candidates go on");
        assertEquals(100, report.candidates().stream().mapToInt(ConversionReport.CandidateScore::inputs).min().orElse(0));
        assertEquals(99.9, report.percentile());
        assertTrue(a.compiled().image().metadata().contains("\"method\":\"search\""));
        CalibrationSearch.Result b = CalibrationSearch.convert(model, options, CompileOptions.defaults(), predictor);
        assertArrayEquals(ImageWriter.write(a.compiled().image()), ImageWriter.write(b.compiled().image()));
        assertEquals(report.candidates().stream().filter(ConversionReport.CandidateScore::chosen).count(), 1);
    }

    /** Percentiles that give the same image (here every calibration row is the same) are run once. */
    @Test
    void shouldRunIdenticalCandidatesOnce() {
        AnnModel model = model(5);
        double[][] x = new double[300][];
        Arrays.fill(x, inputs(1, 6)[0]);
        List<Integer> calls = new ArrayList<>();
        Predictor predictor = (image, rows, steps) -> {
            calls.add(rows.length);
            return CalibrationSearch.floatReadout(model, rows);
        };
        ConversionReport report = CalibrationSearch.convert(model, ConvertOptions.defaults().withCalibration(x),
                CompileOptions.defaults(), predictor).report();
        // one tally: the first round's 75 inputs, then the other 225, at each score length
        assertEquals(2 * CalibrationSearch.SCORE_STEPS.length, calls.size(), calls.toString());
        assertEquals(300, calls.stream().mapToInt(Integer::intValue).sum() / CalibrationSearch.SCORE_STEPS.length);
        assertEquals(99.0, report.percentile(), "a tie goes to the first candidate");
        assertTrue(report.candidates().stream().allMatch(c -> c.inputs() == 300 && c.score() == report.candidates().get(0).score()));
    }

    @Test
    void shouldTakeEveryClassInTurn() {
        int[] classes = {0, 0, 0, 0, 1, 0, 2, 0, 0, 1};
        assertArrayEquals(new int[] {0, 4, 6, 1, 9}, Subset.stratified(classes, 5));
        assertArrayEquals(new int[] {0, 4, 6, 1, 9, 2, 3, 5, 7, 8}, Subset.stratified(classes, 50));
    }

    @Test
    void shouldRunFewerInputsOnBiggerImages() {
        assertEquals(CalibrationSearch.MAX_INPUTS, CalibrationSearch.inputCount(1_000, 5));
        assertTrue(CalibrationSearch.inputCount(10_000_000, 5) < CalibrationSearch.inputCount(100_000, 5));
    }

    private static AnnModel model(long seed) {
        Random r = new Random(seed);
        return new AnnModel("m", 6, List.of(dense("h", 6, 12, Activation.RELU, r), dense("out", 12, 3, Activation.SOFTMAX, r)));
    }

    private static DenseLayer dense(String name, int in, int units, Activation activation, Random r) {
        double[][] kernel = new double[in][units];
        for (double[] row : kernel) {
            for (int j = 0; j < units; j++) {
                row[j] = r.nextGaussian() / Math.sqrt(in);
            }
        }
        double[] bias = new double[units];
        Arrays.setAll(bias, j -> 0.1 * r.nextGaussian());
        return new DenseLayer(name, kernel, bias, activation);
    }

    private static double[][] inputs(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][6];
        for (double[] row : x) {
            Arrays.setAll(row, k -> r.nextGaussian());
        }
        return x;
    }
}
