package dev.loihi.compiler.calibrate;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.AnnModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The surrogate's choice checked on the emulator. The surrogate models neither the leak nor the
 * rounding, and on conv models these cost more at some copy counts than at others, in no order
 * that carries from one model to the next (c2d_bn_gap: .768 at 200 steps with the surrogate's
 * 3 copies, .945 with 2; docs/CONVERSION.md, "Conv models we did not tune on (session 13)").
 * So the percentiles the surrogate cannot tell from its best are run on the emulator with the
 * default copies and with fewer replicas, in two rounds ({@link Rounds}), and one replaces the
 * surrogate's choice only when it beats it beyond noise ({@link CalibrationSearch#choose}).
 *
 * <p>Only where {@code CopyBudget} kept the default copies: a model it had to cut is too big to
 * compile once per candidate, which is why it is on the surrogate. The inputs follow the
 * budget {@link #SYNAPSE_STEP_BUDGET} ({@link CalibrationSearch#inputCount}); where fewer than
 * {@link CalibrationSearch#MIN_INPUTS} fit, only the percentiles are run, and where not even
 * those fit, nothing is (the surrogate's choice stands, at the cost of the one compile that
 * counted the synapses).
 */
final class SurrogateCheck {
    /** Replicas tried besides the default, cheapest first; fewer replicas always fit {@code CopyBudget}. */
    private static final int[] FEWER_REPLICAS = {1, 2};
    /**
     * Synapse-steps the check may take: c2d_bn_gap (1.06 M synapses at 3 copies, 9 candidates)
     * gets 210 inputs, about a minute more of compile time (docs/CONVERSION.md). More than the
     * search's {@link CalibrationSearch#SYNAPSE_STEP_BUDGET}: a conv model's synapses are many
     * but its spikes few, so a synapse-step costs the emulator less than on a dense model.
     */
    static final double SYNAPSE_STEP_BUDGET = 2e11;

    private SurrogateCheck() {}

    /**
     * What the check ran: its candidates (the surrogate's choice first), their tallies on the
     * emulator over the inputs {@code subset} and the one chosen; empty when the check did not run.
     */
    record Outcome(List<ConvertOptions> candidates, Tally[] tallies, int chosen, int[] subset) {
        static final Outcome NONE = new Outcome(List.of(), new Tally[0], -1, new int[0]);

        boolean ran() {
            return chosen >= 0;
        }
    }

    /** Whether the check applies: the default copies kept, and replicas not set by the user. */
    static boolean applies(ConvertOptions fitted, boolean replicasFree) {
        return replicasFree && fitted.replicaCount() == ConvertOptions.DEFAULT_REPLICAS
                && fitted.inputCopyCount() == ConvertOptions.DEFAULT_INPUT_COPIES;
    }

    /**
     * @param surrogate the surrogate's tallies, one per {@code percentiles} entry
     * @param chosen the surrogate's choice among them
     */
    static Outcome run(AnnModel model, ConvertOptions fitted, CompileOptions compile, Predictor predictor,
                       double[][] reference, double[] percentiles, Tally[] surrogate, int chosen) {
        List<Double> close = closePercentiles(percentiles, surrogate, chosen);
        List<ConvertOptions> candidates = candidates(fitted, close, true);
        CompileResult first = Compiler.compile(AnnToSnn.convert(model, candidates.get(0)), compile);
        long synapses = first.report().synapses();
        int inputs = CalibrationSearch.inputCount(synapses, candidates.size(), 0, SYNAPSE_STEP_BUDGET);
        if (inputs < CalibrationSearch.MIN_INPUTS) {
            candidates = candidates(fitted, close, false);
            inputs = CalibrationSearch.inputCount(synapses, candidates.size(), 0, SYNAPSE_STEP_BUDGET);
        }
        if (inputs < CalibrationSearch.MIN_INPUTS || candidates.size() < 2) {
            return Outcome.NONE;
        }
        int[] subset = Subset.stratified(CalibrationSearch.classes(reference), inputs);
        List<ConvertOptions> tried = candidates;
        Tally[] tallies = Rounds.run(tried.size(), c -> c == 0 ? first.image()
                : Compiler.compile(AnnToSnn.convert(model, tried.get(c)), compile).image(),
                predictor, fitted.calibrationInputs(), reference, subset);
        return new Outcome(tried, tallies, CalibrationSearch.choose(tallies, 0), subset);
    }

    /**
     * The surrogate's choice, then the other percentiles whose agreement the surrogate's best
     * does not beat beyond noise ({@link Tally#agreesBeyondNoise}), highest first: the surrogate
     * cannot rank these, the emulator can.
     */
    static List<Double> closePercentiles(double[] percentiles, Tally[] surrogate, int chosen) {
        int best = SurrogateSearch.best(surrogate);
        List<Double> close = new ArrayList<>(List.of(percentiles[chosen]));
        for (int c = percentiles.length - 1; c >= 0; c--) {
            if (c != chosen && !surrogate[best].agreesBeyondNoise(surrogate[c])) {
                close.add(percentiles[c]);
            }
        }
        return close;
    }

    /**
     * Per close percentile, the surrogate's choice first: the default copies, then, with
     * {@code copies}, fewer replicas (cheapest first).
     */
    static List<ConvertOptions> candidates(ConvertOptions fitted, List<Double> close, boolean copies) {
        List<ConvertOptions> out = new ArrayList<>();
        for (double p : close) {
            ConvertOptions at = fitted.withPercentile(p);
            out.add(at);
            if (copies) {
                for (int r : FEWER_REPLICAS) {
                    out.add(at.withReplicas(r));
                }
            }
        }
        return out;
    }
}
