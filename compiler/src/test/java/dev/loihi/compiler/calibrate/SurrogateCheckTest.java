package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.ConversionReport.CandidateScore;
import dev.loihi.image.ImageWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SurrogateCheckTest {
    private static final Predictor NEVER = (image, x, steps) -> fail("the predictor must not run");

    /** The emulator is exact only on the surrogate's percentile with 2 replicas: the check takes it. */
    @Test
    void shouldTakeFewerReplicasWhereTheyBeatTheSurrogatesChoiceBeyondNoise() {
        AnnModel model = CalibrationSearchTest.model(5);
        ConvertOptions options = fitted(model, 300);
        ConversionReport plain = unchecked(model, options);
        ConvertOptions good = options.withPercentile(plain.percentile()).withReplicas(2);
        byte[] goodBytes = ImageWriter.write(Compiler.compile(AnnToSnn.convert(model, good), CompileOptions.defaults())
                .image());
        Predictor predictor = (image, rows, steps) -> {
            double[][] out = CalibrationSearch.floatReadout(model, rows);
            if (!Arrays.equals(ImageWriter.write(image), goodBytes)) {
                for (int i = 0; i < rows.length; i += 3) {
                    out[i] = rotated(out[i]);
                }
            }
            return out;
        };
        CalibrationSearch.Result r = SurrogateSearch.convert(model, options, CompileOptions.defaults(),
                reference(model, options), predictor, true);

        ConversionReport report = r.report();
        assertEquals(ConversionReport.SURROGATE_CHECKED, report.method());
        assertEquals(plain.percentile(), report.percentile());
        assertEquals(2, report.replicas());
        List<CandidateScore> chosen = report.candidates().stream().filter(CandidateScore::chosen).toList();
        assertEquals(1, chosen.size());
        assertEquals(2, chosen.get(0).replicas());
        assertTrue(report.candidates().indexOf(chosen.get(0)) >= CalibrationSearch.PERCENTILES.length,
                "an emulator row");
        assertTrue(chosen.get(0).margin() > 0 && chosen.get(0).inputs() == 300);
        CandidateScore checked = report.candidates().get(CalibrationSearch.PERCENTILES.length);
        assertEquals(plain.percentile(), checked.percentile(), "the surrogate's choice is checked first");
        assertEquals(3, checked.replicas());
        assertTrue(chosen.get(0).score() - checked.score() > chosen.get(0).margin());
        assertTrue(r.compiled().image().metadata().contains("\"replicas\":2"));
    }

    /** Exact everywhere: nothing beats the surrogate's choice beyond noise, so it stays. */
    @Test
    void shouldKeepTheSurrogatesChoiceWhenNothingBeatsIt() {
        AnnModel model = CalibrationSearchTest.model(6);
        ConvertOptions options = fitted(model, 300);
        ConversionReport plain = unchecked(model, options);
        List<Integer> calls = new ArrayList<>();
        Predictor exact = (image, rows, steps) -> {
            calls.add(rows.length);
            return CalibrationSearch.floatReadout(model, rows);
        };
        ConversionReport report = SurrogateSearch.convert(model, options, CompileOptions.defaults(),
                reference(model, options), exact, true).report();
        assertEquals(ConversionReport.SURROGATE_CHECKED, report.method());
        assertEquals(plain.percentile(), report.percentile());
        assertEquals(ConvertOptions.DEFAULT_REPLICAS, report.replicas());
        assertTrue(report.candidates().get(CalibrationSearch.PERCENTILES.length).chosen());
        assertFalse(calls.isEmpty());
    }

    /** Replicas set by the user, or no predictor: the surrogate's choice, and the emulator never runs. */
    @Test
    void shouldNotCheckWhereReplicasAreNotFree() {
        AnnModel model = CalibrationSearchTest.model(7);
        ConvertOptions options = fitted(model, 200);
        ConversionReport report = SurrogateSearch.convert(model, options, CompileOptions.defaults(),
                reference(model, options), NEVER,
                false).report();
        assertEquals(ConversionReport.SURROGATE, report.method());
        assertEquals(CalibrationSearch.PERCENTILES.length, report.candidates().size());
        assertFalse(SurrogateCheck.applies(options.withReplicas(1), true), "copies cut by the budget");
        assertEquals(ConversionReport.SURROGATE, unchecked(model, options).method(), "no predictor: no check");
    }

    /**
     * Seeded surrogate tallies: the check's percentiles are the surrogate's choice, then every other
     * percentile whose agreement the best does not beat beyond noise, highest first.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldCheckThePercentilesTheSurrogateCannotTellApart(long seed) {
        Random r = new Random(seed);
        int[] wrong = new int[CalibrationSearch.PERCENTILES.length];
        Arrays.setAll(wrong, c -> r.nextInt(3) == 0 ? r.nextInt(3) : r.nextInt(20));
        Tally[] tallies = SurrogateSearchTest.tallies(wrong, 400, seed);
        int chosen = SurrogateSearch.choose(tallies);
        int fewest = Arrays.stream(wrong).min().orElseThrow();
        List<Double> expected = new ArrayList<>(List.of(CalibrationSearch.PERCENTILES[chosen]));
        for (int c = wrong.length - 1; c >= 0; c--) {
            // the tallies' disputes are exactly the differences of their counts: beyond noise from 5 on
            if (c != chosen && wrong[c] <= fewest + 4) {
                expected.add(CalibrationSearch.PERCENTILES[c]);
            }
        }
        assertEquals(expected, SurrogateCheck.closePercentiles(CalibrationSearch.PERCENTILES, tallies, chosen),
                Arrays.toString(wrong));
        List<ConvertOptions> candidates = SurrogateCheck.candidates(ConvertOptions.defaults(), expected, true);
        assertEquals(3 * expected.size(), candidates.size());
        assertEquals(expected.get(0), candidates.get(0).percentile());
        assertEquals(ConvertOptions.DEFAULT_REPLICAS, candidates.get(0).replicaCount());
    }

    private static ConvertOptions fitted(AnnModel model, int n) {
        return AnnToSnn.fitted(model, ConvertOptions.defaults().withCalibration(CalibrationSearchTest.inputs(n, n)));
    }

    /** The surrogate's choice without the check. */
    private static ConversionReport unchecked(AnnModel model, ConvertOptions options) {
        return SurrogateSearch.convert(model, options, CompileOptions.defaults(), reference(model, options), null, true)
                .report();
    }

    private static double[][] reference(AnnModel model, ConvertOptions options) {
        return CalibrationSearch.floatReadout(model, options.calibrationInputs());
    }

    /** The outputs moved one place: the class changes whenever the outputs differ. */
    static double[] rotated(double[] z) {
        double[] out = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            out[(j + 1) % z.length] = z[j];
        }
        return out;
    }
}
