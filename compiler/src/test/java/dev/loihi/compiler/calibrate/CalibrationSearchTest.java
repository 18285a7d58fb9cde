package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
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
        String best = scaleMark(model, options, 99.9);
        List<Integer> calls = new ArrayList<>();
        Predictor predictor = (image, rows, steps) -> {
            calls.add(steps);
            double[][] out = CalibrationSearch.floatReadout(model, rows);
            // every candidate but the one at 99.9 swaps the first two outputs on a third of the inputs
            for (int i = 0; i < rows.length && !image.metadata().contains(best); i += 3) {
                swap(out[i]);
            }
            return out;
        };
        CalibrationSearch.Result a = CalibrationSearch.convert(model, options, CompileOptions.defaults(), predictor);
        ConversionReport report = a.report();
        assertEquals(ConversionReport.SEARCH, report.method());
        List<ConversionReport.CandidateScore> percentiles = report.candidates().subList(0, CalibrationSearch.PERCENTILES.length);
        // every percentile in round 1, the KEEP best in round 2; then each of the three copy
        // settings, exact at 99.9 as well, in both rounds; then the two leak floors, exact too, in
        // both rounds (LeakFloorStage); each at every score length
        assertEquals(CalibrationSearch.PERCENTILES.length + 3, report.candidates().size());
        assertEquals(CalibrationSearch.SCORE_STEPS.length * (CalibrationSearch.PERCENTILES.length + CalibrationSearch.KEEP
                + 2 * 3 + 2 * LeakFloorStage.FLOORS.length), calls.size());
        assertEquals(0, report.leakFloorTaken(), "floors that only tie keep none");
        assertEquals(CalibrationSearch.KEEP, percentiles.stream().filter(c -> c.inputs() == 400).count(),
                "the best candidates go on");
        assertEquals(400, percentiles.get(0).inputs(), "the default runs every input");
        assertEquals(100, percentiles.stream().mapToInt(ConversionReport.CandidateScore::inputs).min().orElse(0));
        assertEquals(99.9, report.percentile());
        assertEquals(3, report.replicas(), "copies that only tie keep the default");
        assertEquals(4, report.inputCopies());
        assertTrue(a.compiled().image().metadata().contains("\"method\":\"search\""));
        CalibrationSearch.Result b = CalibrationSearch.convert(model, options, CompileOptions.defaults(), predictor);
        assertArrayEquals(ImageWriter.write(a.compiled().image()), ImageWriter.write(b.compiled().image()));
        assertEquals(report.candidates().stream().filter(ConversionReport.CandidateScore::chosen).count(), 1);
    }

    /**
     * A model whose image is over the search's budget at five percentiles (50 features, 1,200
     * units: 1.4 M synapses with its copies) drops the copy stage and 99.5, and keeps 99.99, here
     * the only candidate the stub chip reads exactly.
     */
    @Test
    void shouldKeepPercentile9999ForALargeModel() {
        Random r = new Random(8);
        AnnModel model = new AnnModel("large", 50, List.of(dense("h", 50, 1200, Activation.RELU, r),
                dense("out", 1200, 3, Activation.SOFTMAX, r)));
        ConvertOptions options = ConvertOptions.defaults().withCalibration(inputs(300, 50, 9));
        String best = scaleMark(model, options, 99.99);
        Predictor predictor = (image, rows, steps) -> {
            double[][] out = CalibrationSearch.floatReadout(model, rows);
            for (int i = 0; i < rows.length && !image.metadata().contains(best); i += 3) {
                swap(out[i]);
            }
            return out;
        };
        ConversionReport report = CalibrationSearch.convert(model, options, CompileOptions.defaults(), predictor)
                .report();
        List<Double> tried = report.candidates().stream().filter(c -> c.replicas() == 3 && c.inputCopies() == 4)
                .map(ConversionReport.CandidateScore::percentile).distinct().toList();
        assertEquals(List.of(99.0, 99.9, 99.99, 100.0), tried);
        assertTrue(report.candidates().stream().noneMatch(c -> c.replicas() == 2 || c.replicas() == 4
                || c.inputCopies() == 2), "over the budget: no copy stage");
        assertEquals(CalibrationSearch.MIN_INPUTS, report.scoreInputs(), "over the budget: the fewest inputs");
        assertEquals(99.99, report.percentile());
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
        // one tally: the first round's 75 inputs, then the other 225, at each score length; then
        // the three copy settings and the two leak floors, each in both rounds
        assertEquals(2 * 6 * CalibrationSearch.SCORE_STEPS.length, calls.size(), calls.toString());
        assertEquals(6 * 300, calls.stream().mapToInt(Integer::intValue).sum() / CalibrationSearch.SCORE_STEPS.length);
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
        assertEquals(CalibrationSearch.MAX_INPUTS, CalibrationSearch.inputCount(1_000, 5, 3));
        assertTrue(CalibrationSearch.inputCount(10_000_000, 5, 3) < CalibrationSearch.inputCount(100_000, 5, 3));
        assertTrue(CalibrationSearch.inputCount(1_000_000, 5, 3) < CalibrationSearch.inputCount(1_000_000, 5, 0),
                "the copy stage takes its share of the budget");
    }

    /** Better by one input of 400 is within the noise: the default stays. */
    @Test
    void shouldKeepTheDefaultWhenAnotherIsBetterOnlyByNoise() {
        AnnModel model = model(3);
        ConvertOptions options = ConvertOptions.defaults().withCalibration(inputs(400, 4));
        // the default's images get one input of the first round wrong, the one closest to a tie,
        // by a hair (so that the readout error hardly tells); every other image is exact
        Predictor predictor = defaultSpoiled(model, options, out -> {
            if (out.length == 100) {
                int closest = 0;
                for (int i = 1; i < out.length; i++) {
                    closest = gap(out[i]) < gap(out[closest]) ? i : closest;
                }
                double[] z = out[closest];
                int top = CalibrationSearch.classOf(z);
                int second = secondOf(z, top);
                double mean = (z[top] + z[second]) / 2;
                z[top] = mean - 1e-9;
                z[second] = mean + 1e-9;
            }
        });
        ConversionReport report = CalibrationSearch.convert(model, options, CompileOptions.defaults(), predictor).report();
        assertEquals(99.0, report.percentile());
        ConversionReport.CandidateScore best = report.candidates().stream().filter(c -> c.inputs() == 400)
                .max(java.util.Comparator.comparingDouble(ConversionReport.CandidateScore::score)).orElseThrow();
        assertTrue(best.score() > report.candidates().get(0).score(), "another scored higher");
        assertTrue(best.score() - report.candidates().get(0).score() <= best.margin(), "but within its margin");
    }

    /**
     * The score averages the lengths: a candidate that agrees better at the longer lengths
     * outranks one that agrees better over all three at a lower worst length, and of two with
     * the same worst length the one better at the others wins. The default stays where the best
     * score is within its noise.
     */
    @Test
    void shouldScoreTheAgreementOverAllLengths() {
        assertTrue(CalibrationSearch.score(new double[] {0.975, 0.995, 1.0}, 0.1)
                > CalibrationSearch.score(new double[] {0.98, 0.98, 0.98}, 0.1));
        int n = 400;
        // wrong inputs at 50, 100 and 200 steps; the default first
        Tally[] tallies = {tally(n, 60, 60, 60), tally(n, 10, 10, 10), tally(n, 10, 2, 0)};
        assertEquals(tallies[1].worstAgreement(), tallies[2].worstAgreement());
        assertTrue(tallies[2].score() > tallies[1].score());
        assertEquals(2, CalibrationSearch.choose(tallies, 0));

        Tally[] close = {tally(n, 8, 8, 8), tally(n, 7, 7, 7), tally(n, 30, 30, 30)};
        assertTrue(close[1].score() > close[0].score());
        assertEquals(0, CalibrationSearch.choose(close, 0), "better by one input in dispute: noise");
    }

    /** {@link MoreCopiesTest#tally} on {@code n} inputs of one class, a two-class readout. */
    private static Tally tally(int n, int... wrong) {
        int[] subset = new int[n];
        Arrays.setAll(subset, i -> i);
        double[][] reference = new double[n][];
        Arrays.setAll(reference, i -> new double[] {1, 0});
        return MoreCopiesTest.tally(n, subset, reference, wrong);
    }

    /** Where every candidate agrees on every input, a gain in readout error worth less than one input is a tie. */
    @Test
    void shouldKeepTheDefaultWhenNoInputIsInDisputeAndTheErrorGainIsSmall() {
        AnnModel model = model(5);
        ConvertOptions options = ConvertOptions.defaults().withCalibration(inputs(400, 6));
        Predictor predictor = defaultSpoiled(model, options, out -> {
            for (double[] z : out) {
                Arrays.setAll(z, j -> z[j] + 0.001);
            }
        });
        ConversionReport report = CalibrationSearch.convert(model, options, CompileOptions.defaults(), predictor).report();
        assertEquals(99.0, report.percentile());
        assertTrue(report.candidates().stream().filter(c -> c.inputs() == 400 && c.percentile() != 99.0)
                .allMatch(c -> c.score() > report.candidates().get(0).score() && c.margin() == 1.0 / 400));
    }

    /** Copies are searched where the user left them free, and the winner of the copy stage is what compiles. */
    @Test
    void shouldChooseCopiesThatBeatTheDefaultAndLeaveForcedOnesAlone() {
        AnnModel model = model(7);
        double[][] x = inputs(400, 8);
        Predictor predictor = (image, rows, steps) -> {
            double[][] out = CalibrationSearch.floatReadout(model, rows);
            // only images with two axons per input sign are exact
            for (int i = 0; i < rows.length && !image.metadata().contains("\"copies\":2"); i += 3) {
                swap(out[i]);
            }
            return out;
        };
        CalibrationSearch.Result r = CalibrationSearch.convert(model, ConvertOptions.defaults().withCalibration(x),
                CompileOptions.defaults(), predictor);
        assertEquals(3, r.report().replicas());
        assertEquals(2, r.report().inputCopies());
        assertTrue(r.compiled().image().metadata().contains("\"copies\":2"));
        assertEquals(1, r.report().candidates().stream().filter(ConversionReport.CandidateScore::chosen).count());
        assertTrue(r.report().toSummary().contains("copies 3 x 2"), r.report().toSummary());
        assertNull(r.report().moreCopies(), "presentations of any length: no more copies tried");
        // for presentations of at most 200 steps more copies are tried last (MoreCopies); the
        // choice, exact, leaves them nothing to gain
        ConversionReport bounded = CalibrationSearch.convert(model, ConvertOptions.defaults().withCalibration(x),
                CompileOptions.builder().maxSteps(200).build(), predictor).report();
        assertFalse(bounded.moreCopies().taken());
        assertTrue(bounded.moreCopies().note().contains("agrees with the float model on all"), bounded.toSummary());
        assertEquals(3, bounded.replicas());
        assertEquals(2, bounded.inputCopies());

        ConversionReport forced = CalibrationSearch.convert(model, ConvertOptions.defaults().withCalibration(x)
                .withInputCopies(4), CompileOptions.defaults(), predictor).report();
        assertEquals(4, forced.inputCopies(), "input copies set by the user");
        assertTrue(forced.candidates().stream().allMatch(c -> c.inputCopies() == 4));
        assertEquals(CalibrationSearch.PERCENTILES.length + 2, forced.candidates().size(), "only replicas vary");
    }

    /**
     * For presentations of at most 200 steps, five copies that agree better than the choice are
     * taken last: the report counts five, the metadata records the stage, and the image is what
     * the result's network compiles to.
     */
    @Test
    void shouldTakeMoreCopiesLastWhereTheyAgreeBetter() {
        AnnModel model = model(9);
        double[][] x = inputs(400, 10);
        CompileOptions bounded = CompileOptions.builder().maxSteps(200).build();
        Predictor predictor = (image, rows, steps) -> {
            double[][] out = CalibrationSearch.floatReadout(model, rows);
            // only images with five copies of h's 12 units are exact
            int h = image.cores().stream().filter(c -> c.layer().equals("h")).mapToInt(c -> c.compartments()).sum();
            for (int i = 0; i < rows.length && h != 12 * MoreCopies.REPLICAS; i += 3) {
                swap(out[i]);
            }
            return out;
        };
        CalibrationSearch.Result r = CalibrationSearch.convert(model, ConvertOptions.defaults().withCalibration(x),
                bounded, predictor);
        assertTrue(r.report().moreCopies().taken(), r.report().toSummary());
        assertEquals(MoreCopies.REPLICAS, r.report().replicas());
        assertEquals(3, r.report().candidates().stream().filter(ConversionReport.CandidateScore::chosen).findFirst()
                .orElseThrow().replicas(), "the copy stage's choice");
        assertEquals(12 * MoreCopies.REPLICAS, r.network().ensembles().get(0).n());
        assertTrue(r.compiled().image().metadata().contains("\"moreCopies\""));
        assertArrayEquals(ImageWriter.write(Compiler.compile(r.network(), bounded, r.report()).image()),
                ImageWriter.write(r.compiled().image()));
        assertTrue(r.report().toSummary().contains("5 copies taken last"), r.report().toSummary());
    }

    /** Exact readouts, but {@code spoil} changes those of the default percentile's images. */
    private static Predictor defaultSpoiled(AnnModel model, ConvertOptions options,
                                            java.util.function.Consumer<double[][]> spoil) {
        String first = scaleMark(model, options, 99.0);
        return (image, rows, steps) -> {
            double[][] out = CalibrationSearch.floatReadout(model, rows);
            if (image.metadata().contains(first)) {
                spoil.accept(out);
            }
            return out;
        };
    }

    /** Candidates are told apart by their input scale, which the image's encoding carries. */
    private static String scaleMark(AnnModel model, ConvertOptions options, double percentile) {
        return "\"scale\":" + AnnToSnn.scales(model, options.withPercentile(percentile)).input();
    }

    private static int secondOf(double[] z, int top) {
        int second = top == 0 ? 1 : 0;
        for (int j = 0; j < z.length; j++) {
            second = j != top && z[j] > z[second] ? j : second;
        }
        return second;
    }

    private static double gap(double[] z) {
        int top = CalibrationSearch.classOf(z);
        return z[top] - z[secondOf(z, top)];
    }

    private static void swap(double[] z) {
        double t = z[0];
        z[0] = z[1];
        z[1] = t;
    }

    /** A 6-12-8-3 model (h1, h2, out) drawn from {@code r}. */
    static AnnModel deepModel(Random r) {
        return new AnnModel("deep", 6, List.of(dense("h1", 6, 12, Activation.RELU, r), dense("h2", 12, 8, Activation.RELU, r),
                dense("out", 8, 3, Activation.SOFTMAX, r)));
    }

    static AnnModel model(long seed) {
        Random r = new Random(seed);
        return new AnnModel("m", 6, List.of(dense("h", 6, 12, Activation.RELU, r), dense("out", 12, 3, Activation.SOFTMAX, r)));
    }

    static DenseLayer dense(String name, int in, int units, Activation activation, Random r) {
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

    static double[][] inputs(int n, long seed) {
        return inputs(n, 6, seed);
    }

    static double[][] inputs(int n, int features, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][features];
        for (double[] row : x) {
            Arrays.setAll(row, k -> r.nextGaussian());
        }
        return x;
    }
}
