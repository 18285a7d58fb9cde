package dev.loihi.compiler.calibrate;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiled;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.convert.CopyBudget;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.report.HeadroomReport;
import dev.loihi.compiler.report.MoreCopiesReport;
import java.util.Locale;
import java.util.Map;

/**
 * The calibration search's last stage: {@value #REPLICAS} copies of each hidden unit instead of the
 * default 3 (or the copy stage's 4), once the choice's biases are trimmed and its integrators
 * sized. More copies resolve a rate more finely (the rate code's ceiling at 200 steps rises with
 * them on every model measured), but the copy stage, which judges them on images sized for the
 * worst case and before the trim, seldom sees it: on the conv jet tagger 5 copies gain a point of
 * agreement at 200 steps only once u is sized from its peaks (docs/CONVERSION.md, "More copies once
 * the weights are sized").
 *
 * <p>The candidate is the choice (percentile, input copies, leak floor) converted with more
 * copies, its biases moved by the trim's shifts (a shift is in spikes per step, the same on every
 * copy), and its integrators sized as the choice's were ({@link HeadroomStage}, on its own peaks,
 * within that stage's budget). Both run on the calibration inputs after the bias trim's, or on
 * every input where fewer than 200 are given (then on inputs the trim and peaks were measured on
 * too, as {@link BiasTrim} judges).
 * It replaces the choice unless the choice agrees with the float model better beyond noise at
 * some score length ({@link Tally#agreesBetterAtSomeLength}): finer resolution is the expected
 * outcome, so the test is for a conversion that breaks, as 5 copies of c1d_maxpool did while
 * the rounding of a max-pool tree's units shared steps between them ({@code CopyRuns}; 3.7 points
 * below the choice at 200 steps on its judged inputs, 2.7 on its test inputs), not for a
 * gain the judged inputs are too few to show. Where the choice already agrees on every judged
 * input at every length, more copies are not tried: nothing to gain there, 5/3 the neurons to pay.
 *
 * <p>The price of a taken candidate: 5/3 the hidden neurons and up to 25/9 the synapses between
 * hidden layers, so the image runs slower on the emulator. Not tried where the user set the
 * replicas, where the copy stage chose other replicas or the chip fit lowered them, where five
 * copies are not within {@link CopyBudget#fits}, for presentations of any length or the worst case
 * ({@link #applies}), or on the surrogate's path (models of 2^24 float weights or more, where the
 * emulator's runs are the search's whole budget).
 */
final class MoreCopies {
    /** Copies per hidden unit tried. */
    static final int REPLICAS = 5;

    private MoreCopies() {}

    /**
     * Whether the stage is tried: the converter chooses the copies, the choice has at least the
     * default's and fewer than {@link #REPLICAS} (the copy stage may take four, and five then still
     * gain: docs/CONVERSION.md, "The expected agreement (session 23)"; fewer were chosen or fitted
     * to save), and the image is for presentations of at most so many steps, sized from its peaks
     * where they allow ({@link HeadroomStage}). For presentations of any length, or with {@code
     * worstCase}, every integrator is sized for the worst case, and there 5 copies cost a model of
     * the example's zoo (deep) agreement: .989 at 200 steps, under the .99 it has at 3.
     */
    static boolean applies(ConvertOptions chosen, boolean replicasFree, CompileOptions compile) {
        return replicasFree && chosen.replicaCount() >= ConvertOptions.DEFAULT_REPLICAS
                && chosen.replicaCount() < REPLICAS && compile.maxSteps() > 0 && !compile.worstCase();
    }

    /** The conversion to compile: the choice or the candidate, with the sizing its image took and what the stage did. */
    record Outcome(ConvertOptions chosen, Network network, Compiled compiled, HeadroomReport headroom,
                   MoreCopiesReport report) {}

    /**
     * @param chosen    the choice's options (at least the default copies, fewer than the stage's)
     * @param shifts    the trim's bias shifts by layer, empty where the trim was not taken
     * @param compile   the options the choice was compiled with before its sizing
     * @param choice    the choice, sized as {@link HeadroomStage} left it
     * @param network   the choice's network
     * @param reference the float readout of every calibration input
     */
    static Outcome run(AnnModel model, ConvertOptions chosen, Map<String, double[]> shifts, CompileOptions compile,
                       HeadroomStage.Outcome choice, Network network, Predictor predictor, double[][] reference) {
        if (!CopyBudget.fits(model, REPLICAS, chosen.inputCopyCount())) {
            return skipped(chosen, network, choice, "more compartments than the copies' budget ("
                    + CopyBudget.SURE_COMPARTMENTS + ") or a connection over its weights");
        }
        ConvertOptions more = chosen.withReplicas(REPLICAS);
        Network candidate;
        Compiled built;
        long synapses;
        try {
            candidate = BiasTrim.shifted(AnnToSnn.convert(model, more), shifts);
            built = Compiler.build(candidate, compile);
            synapses = built.stamped(null).report().synapses();
        } catch (LoihiException doesNotFit) {
            return skipped(chosen, network, choice, "does not compile: " + doesNotFit.getMessage());
        }
        double[][] x = chosen.calibrationInputs();
        int[] order = Subset.stratified(CalibrationSearch.classes(reference), x.length);
        int fitted = BiasTrim.fitted(order.length);
        // the sizing's presentations (one per input measured, three per input judged, of the image's
        // length) and two per input judged here, in presentations of 200 steps
        double sizing = Math.max(1.0, compile.maxSteps() / (double) BiasTrim.STEPS);
        double share = BiasTrim.share(synapses, BiasTrim.STEPS, sizing, fitted, 3 * sizing + 2,
                BiasTrim.judged(order, fitted).length);
        if (share < BiasTrim.MIN_SHARE) {
            return skipped(chosen, network, choice, String.format(Locale.ROOT,
                    "too big to judge within the stage's budget (%.0e synapse-steps)", BiasTrim.SYNAPSE_STEP_BUDGET));
        }
        int[] judged = BiasTrim.judged(order, fitted, share);
        Tally before = Tally.of(predictor, choice.compiled().stamped(null).image(), x, reference, judged);
        if (before.worstAgreement() == 1) {
            // nothing to gain where it was judged, and 5/3 the neurons to pay
            return skipped(chosen, network, choice, "the choice agrees with the float model on all " + judged.length
                    + " judged inputs at every length");
        }
        HeadroomStage.Outcome sized = HeadroomStage.run(more, candidate, built, compile, predictor, reference);
        Tally after = Tally.of(predictor, sized.compiled().stamped(null).image(), x, reference, judged);
        boolean taken = !before.agreesBetterAtSomeLength(after);
        MoreCopiesReport report = new MoreCopiesReport(taken, REPLICAS, judged.length,
                CalibrationSearch.candidate(chosen.percentileInUse(), chosen, before, before, false),
                CalibrationSearch.candidate(chosen.percentileInUse(), more, after, after, taken), null);
        return taken ? new Outcome(more, candidate, sized.compiled(), sized.report(), report)
                : new Outcome(chosen, network, choice.compiled(), choice.report(), report);
    }

    private static Outcome skipped(ConvertOptions chosen, Network network, HeadroomStage.Outcome choice, String why) {
        return new Outcome(chosen, network, choice.compiled(), choice.report(), MoreCopiesReport.skipped(REPLICAS, why));
    }
}
