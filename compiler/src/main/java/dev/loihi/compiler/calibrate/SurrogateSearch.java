package dev.loihi.compiler.calibrate;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.convert.RateCodeSurrogate;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.ConversionReport.CandidateScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The search's budget for networks too big to compile once per candidate: the candidates are
 * scored on the {@link RateCodeSurrogate} (a float pass per input, no conversion, no compile, no
 * emulator), and only the chosen one is converted and compiled. A 30-core CNN costs a minute or
 * more of CPU per compile and gigabytes for its dense float matrices; scoring five candidates
 * on the emulator took it 207 s and 6.45 GB (docs/CONVERSION.md, "Calibration by search").
 *
 * <p>What the surrogate leaves out is the integer mapping: weight and bias rounding and the
 * integrator's leak, whose cost grows with the scale. It therefore ranks candidates as the
 * emulator does where the mapping is faithful, and may prefer a higher percentile than the
 * emulator would where the leak costs much. Its readout error is the float rate code's alone,
 * so the choice ({@link #choose}) rests on its agreement: the clipping-free candidate unless a
 * lower percentile agrees more often beyond noise. Where the model still fits the default
 * copies, {@link SurrogateCheck} then runs the percentiles it cannot tell apart on the emulator.
 */
final class SurrogateSearch {
    /**
     * Weights in the conversion's dense float matrices (copies included) from which candidates
     * are scored on the surrogate: 2^24, 128 MB of doubles per copy of them. The conv jet tagger
     * (6.3 M) and every dense model stay on the emulator; the MNIST CNNs (65-80 M) do not.
     */
    static final long MIN_WEIGHTS = 1L << 24;

    private SurrogateSearch() {}

    static boolean applies(AnnModel model, ConvertOptions fitted) {
        return RateCodeSurrogate.models(fitted) && RateCodeSurrogate.weights(model, fitted) >= MIN_WEIGHTS;
    }

    /**
     * Scores every candidate on the surrogate over the search's subset and, where a predictor is
     * given and {@link SurrogateCheck#applies}, checks the close ones on the emulator; compiles
     * the one chosen.
     */
    static CalibrationSearch.Result convert(AnnModel model, ConvertOptions options, CompileOptions compile,
                                            double[][] reference, Predictor predictor, boolean replicasFree) {
        double[][] x = options.calibrationInputs();
        int[] subset = Subset.stratified(CalibrationSearch.classes(reference), CalibrationSearch.MAX_INPUTS);
        double[][] sx = Subset.rows(x, subset, 0, subset.length);
        int[] steps = CalibrationSearch.SCORE_STEPS;
        double[] percentiles = CalibrationSearch.PERCENTILES;
        Tally[] tallies = new Tally[percentiles.length];
        List<RateCodeSurrogate> surrogates = RateCodeSurrogate.of(model, options, percentiles);
        for (int c = 0; c < percentiles.length; c++) {
            tallies[c] = new Tally(subset.length);
            tallies[c].record(surrogates.get(c).readouts(sx, steps), reference, subset, 0, subset.length);
        }
        int chosenIndex = choose(tallies);
        int best = best(tallies);
        SurrogateCheck.Outcome check = predictor != null && SurrogateCheck.applies(options, replicasFree)
                ? SurrogateCheck.run(model, options, compile, predictor, reference, percentiles, tallies, chosenIndex)
                : SurrogateCheck.Outcome.NONE;
        List<CandidateScore> candidates = new ArrayList<>();
        for (int c = 0; c < percentiles.length; c++) {
            Tally t = tallies[c];
            double margin = c == best ? 0 : tallies[best].countedMargin(t);
            candidates.add(new CandidateScore(percentiles[c], options.replicaCount(), options.inputCopyCount(),
                    t.agreements(), t.error(), t.worstAgreement(), subset.length, margin,
                    c == chosenIndex && !check.ran()));
        }
        ConvertOptions chosen = options.withPercentile(percentiles[chosenIndex]);
        for (int c = 0; c < check.candidates().size(); c++) {
            ConvertOptions o = check.candidates().get(c);
            candidates.add(CalibrationSearch.candidate(o.percentile(), o, check.tallies()[c], check.tallies()[0],
                    c == check.chosen()));
        }
        if (check.ran()) {
            chosen = check.candidates().get(check.chosen());
        }
        String method = check.ran() ? ConversionReport.SURROGATE_CHECKED : ConversionReport.SURROGATE;
        ConversionReport report = CalibrationSearch.report(method, chosen, candidates, subset.length,
                Arrays.stream(steps).boxed().toList(), CalibrationSearch.losses(model, chosen, x));
        if (check.ran() && LeakFloorStage.applies(predictor, compile)) {
            // on the inputs the check ran, against its choice
            return CalibrationSearch.withLeakFloor(model, chosen, compile, predictor, reference, check.subset(),
                    check.tallies()[check.chosen()], report, false);
        }
        return CalibrationSearch.trimmed(model, chosen, AnnToSnn.convert(model, chosen), null, compile, predictor, reference,
                report, false);
    }

    /**
     * The highest percentile whose agreement the best candidate does not beat beyond noise
     * ({@link Tally#agreesBeyondNoise}); candidates in increasing percentile order. The surrogate
     * sees clipping as the chip will (a value above the scale is lost at every length) but none
     * of the integer mapping, so its readout error, which rewards the finer resolution of a lower
     * percentile, is not the chip's and is left out; a lower percentile must earn its clipping by
     * agreeing more often, beyond the noise of the calibration inputs.
     */
    static int choose(Tally[] tallies) {
        int best = best(tallies);
        for (int c = tallies.length - 1; c > best; c--) {
            if (!tallies[best].agreesBeyondNoise(tallies[c])) {
                return c;
            }
        }
        return best;
    }

    /** The candidate that agrees most at its worst length; a tie to the higher percentile. */
    static int best(Tally[] tallies) {
        int best = tallies.length - 1;
        for (int c = tallies.length - 2; c >= 0; c--) {
            best = tallies[c].worstAgreement() > tallies[best].worstAgreement() ? c : best;
        }
        return best;
    }
}
