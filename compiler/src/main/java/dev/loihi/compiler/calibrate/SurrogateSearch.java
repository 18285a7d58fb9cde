package dev.loihi.compiler.calibrate;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.convert.RateCodeSurrogate;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.net.Network;
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
 * emulator would where the leak costs much.
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

    /** Scores every candidate on the surrogate over the search's subset, compiles the best. */
    static CalibrationSearch.Result convert(AnnModel model, ConvertOptions options, CompileOptions compile,
                                            double[][] reference) {
        double[][] x = options.calibrationInputs();
        int[] subset = Subset.stratified(CalibrationSearch.classes(reference), CalibrationSearch.MAX_INPUTS);
        double[][] sx = Subset.rows(x, subset, 0, subset.length);
        double[][] sref = Subset.rows(reference, subset, 0, subset.length);
        int[] steps = CalibrationSearch.SCORE_STEPS;
        double[] percentiles = CalibrationSearch.PERCENTILES;
        double[] scores = new double[percentiles.length];
        List<List<Double>> agreements = new ArrayList<>();
        double[] errors = new double[percentiles.length];
        int best = 0;
        List<RateCodeSurrogate> surrogates = RateCodeSurrogate.of(model, options, percentiles);
        for (int c = 0; c < percentiles.length; c++) {
            double[][][] readouts = surrogates.get(c).readouts(sx, steps);
            double[] agreement = new double[steps.length];
            for (int k = 0; k < steps.length; k++) {
                agreement[k] = CalibrationSearch.agreement(readouts[k], sref);
            }
            agreements.add(Arrays.stream(agreement).boxed().toList());
            errors[c] = CalibrationSearch.relativeError(readouts[0], sref);
            scores[c] = CalibrationSearch.score(agreement, errors[c]);
            best = scores[c] > scores[best] ? c : best;
        }
        List<CandidateScore> candidates = new ArrayList<>();
        for (int c = 0; c < percentiles.length; c++) {
            candidates.add(new CandidateScore(percentiles[c], options.replicaCount(), options.inputCopyCount(),
                    agreements.get(c), errors[c], scores[c], subset.length, 0, c == best));
        }
        ConvertOptions chosen = options.withPercentile(percentiles[best]);
        Network network = AnnToSnn.convert(model, chosen);
        ConversionReport report = CalibrationSearch.report(ConversionReport.SURROGATE, chosen, candidates, subset.length,
                Arrays.stream(steps).boxed().toList(), CalibrationSearch.losses(model, chosen, x));
        return new CalibrationSearch.Result(network, Compiler.compile(network, compile, report), report);
    }
}
