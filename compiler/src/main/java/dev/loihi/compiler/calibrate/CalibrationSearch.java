package dev.loihi.compiler.calibrate;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiled;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.convert.CopyBudget;
import dev.loihi.compiler.convert.LayerScales;
import dev.loihi.compiler.convert.RateLoss;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.ConversionReport.CandidateScore;
import dev.loihi.compiler.report.HeadroomReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses a Keras model's normalization, copies, leak floor, biases and integrator sizes by measuring candidates: each candidate is
 * converted and compiled, the image is run on a subset of the calibration inputs by the
 * {@link Predictor} (the host's bit-exact emulator), and scored by its agreement with the float
 * model and its readout error; docs/CONVERSION.md, "Calibration by search", gives the reasons and
 * the measurements.
 *
 * <p>Stage 1 searches the percentile. A max rate m below 1 with scale lambda gives the same
 * network as rate 1 with scale lambda / m (every weight and bias is the same), so rates and
 * percentiles are one axis, and the percentile axis reaches further. Stage 2 tries a few copy
 * settings ({@link CopyCandidates}) at the chosen percentile; stage 3 floors under the integrator
 * leak at the chosen percentile and copies ({@link LeakFloorStage}); then the choice's biases are
 * trimmed on the emulator ({@link BiasTrim}). In each, a candidate replaces the
 * default only when it scores better by more than the noise of the comparison
 * ({@link Tally#beats}): on a few hundred inputs most differences are noise, and a setting that
 * wins on noise helps one model and hurts the next. Then each hidden layer's integrator is
 * sized from what the inputs drive it to on the emulator ({@link HeadroomStage}), which is taken
 * unless the choice beats it beyond noise: finer weights at the same leak are not a guess. Last,
 * the choice is converted again with more copies of each hidden unit, trimmed and sized alike
 * ({@link MoreCopies}), and taken unless the choice agrees better beyond noise at some length.
 *
 * <p>Deterministic: the subset, the candidates and their order, and the number of inputs depend
 * only on the model and the calibration inputs, never on timing, so the same model, data and
 * settings give the same choice and the same image bytes.
 */
public final class CalibrationSearch {
    /** Percentiles tried, the default first: from resolution-first to clipping-free. */
    static final double[] PERCENTILES = {99.0, 99.5, 99.9, 99.99, 100.0};
    /**
     * When the model is large, only these: 99.5 goes, which none of the conv models measured chose
     * (the dense fixtures that chose it are small enough for all five), and 99.99 stays, their most
     * frequent choice (docs/CONVERSION.md, "Four percentiles for large models (session 21)"). The
     * rung saves a fourteenth of the stage's presentations, so what a dropped candidate can cost
     * decides which one goes.
     */
    static final double[] FEW_PERCENTILES = {99.0, 99.9, 99.99, 100.0};
    /**
     * Presentation lengths scored, read from one presentation of the longest: the short
     * one (resolution matters), the default run (clipping matters) and one between.
     */
    static final int[] SCORE_STEPS = {50, 100, 200};
    /** Share of the inputs that every candidate runs; only {@link #KEEP} of them run the rest. */
    static final double FIRST_ROUND = 0.25;

    /** Inputs of the first round out of {@code inputs}: at least one. */
    static int firstRound(int inputs) {
        return Math.max(1, (int) Math.round(inputs * FIRST_ROUND));
    }
    /**
     * The default and the two best others run every input. Three, not two: on a quarter of 400
     * inputs a candidate's agreement is within about 2% by chance, and on KERAS_3layer the
     * candidate best on all 400 came third on the first 100. The default always: it is what the
     * others must beat beyond noise, and on KERAS_1layer it was left in round 1 on 100 inputs
     * while scoring better there than the eventual winner on 400.
     */
    static final int KEEP = 3;
    static final int MAX_INPUTS = 400;
    /** How much agreement a unit of relative readout error costs in the score ({@link #score}). */
    static final double ERROR_WEIGHT = 0.1;
    /**
     * Standard errors of the paired score difference by which a candidate must beat the
     * default ({@link Tally#beats}): two, the usual 95% bar.
     */
    static final double NOISE_Z = 2.0;
    static final int MIN_INPUTS = 100;
    /**
     * Synapse-steps the whole search may take (the emulator's speed falls with the synapses of
     * the image). A jet-tagger-size model gets about as many inputs as with the percentile stage
     * alone under 2.5e10 (362 on KERAS_3layer); bigger ones get fewer inputs, then no copy stage,
     * then fewer percentiles.
     */
    static final double SYNAPSE_STEP_BUDGET = 4.5e10;

    private CalibrationSearch() {}

    /** The chosen network compiled, with the conversion report in its report and image metadata. */
    public record Result(Network network, CompileResult compiled, ConversionReport report) {}

    /**
     * Converts and compiles {@code model}. With calibration inputs in {@code options} and no
     * percentile forced there, candidates are searched; otherwise the options are used as given
     * and only the losses are measured.
     */
    public static Result convert(AnnModel model, ConvertOptions options, CompileOptions compile, Predictor predictor) {
        boolean replicasFree = options.replicasFree();
        boolean inputCopiesFree = options.inputCopiesFree();
        ConvertOptions asked = options;
        // up to half a chip, checked by compiling: fewer copies where the chip does not hold them
        options = AnnToSnn.fittedLarge(model, options);
        ChipFit fit = ChipFit.of(model, asked, options, o -> CopyBudget.sureToFit(model, o.replicaCount(), o.inputCopyCount()),
                o -> Compiler.build(AnnToSnn.convert(model, firstCandidate(o)), compile));
        options = fit.options();
        Compiled probe = fit.probe();
        if (!options.dataBased()) {
            Network network = AnnToSnn.convert(model, options);
            ConversionReport report = report(ConversionReport.WEIGHTS, options, List.of(), 0, List.of(), null);
            return new Result(network, stamped(probe, network, compile, report), report);
        }
        double[][] x = options.calibrationInputs();
        if (!Double.isNaN(options.percentile())) {
            Network network = AnnToSnn.convert(model, options);
            ConversionReport report = report(ConversionReport.FORCED, options, List.of(), 0, List.of(),
                    losses(model, options, x));
            return new Result(network, stamped(probe, network, compile, report), report);
        }
        double[][] reference = floatReadout(model, x);
        if (SurrogateSearch.applies(model, options)) {
            return SurrogateSearch.convert(model, options, compile, reference, predictor, replicasFree);
        }
        // The default candidate is compiled first: its size sets the number of inputs and candidates.
        CompileResult firstImage = probe != null ? probe.stamped(null)
                : Compiler.compile(AnnToSnn.convert(model, firstCandidate(options)), compile);
        long synapses = firstImage.report().synapses();
        List<Copies> copies = CopyCandidates.alternatives(model, options, replicasFree, inputCopiesFree);
        double copyCost = CopyCandidates.cost(model, options, copies);
        double[] percentiles = PERCENTILES;
        int inputs = inputCount(synapses, percentiles.length, copyCost);
        if (inputs < MIN_INPUTS) {
            // a big model: no copy stage, then fewer percentiles
            copies = List.of();
            copyCost = 0;
            inputs = inputCount(synapses, percentiles.length, 0);
        }
        if (inputs < MIN_INPUTS) {
            percentiles = FEW_PERCENTILES;
            inputs = inputCount(synapses, percentiles.length, 0);
        }
        // In class-balanced order, so that the first round's inputs are balanced too.
        int[] subset = Subset.stratified(classes(reference), Math.max(MIN_INPUTS, inputs));

        // Stage 1, the percentile, in two rounds (Rounds).
        double[] tried = percentiles;
        ConvertOptions fitted = options;
        Tally[] tallies = Rounds.run(percentiles.length, c -> c == 0 ? firstImage.image()
                : Compiler.compile(AnnToSnn.convert(model, fitted.withPercentile(tried[c])), compile).image(),
                predictor, x, reference, subset);
        int best = choose(tallies, 0);
        ConvertOptions chosen = options.withPercentile(percentiles[best]);
        List<CandidateScore> candidates = new ArrayList<>();
        for (int c = 0; c < percentiles.length; c++) {
            candidates.add(candidate(percentiles[c], options, tallies[c], tallies[0], false));
        }

        // Stage 2, the copies, at the chosen percentile: each alternative on the first inputs, on
        // the rest only when it scored there at least as well as the copies in use.
        Tally incumbent = tallies[best];
        Tally[] copyTallies = new Tally[copies.size()];
        ConvertOptions atPercentile = chosen;
        List<Copies> alternatives = copies;
        // cheapest first, so a tie goes to the cheaper copies
        int copyBest = Rounds.challenge(copies.size(), a -> Compiler.compile(
                AnnToSnn.convert(model, alternatives.get(a).applyTo(atPercentile)), compile).image(),
                incumbent, copyTallies, predictor, x, reference, subset);
        for (int a = 0; a < copies.size(); a++) {
            candidates.add(candidate(percentiles[best], copies.get(a).applyTo(options), copyTallies[a], incumbent,
                    false));
        }
        if (copyBest >= 0) {
            chosen = copies.get(copyBest).applyTo(chosen);
            candidates.set(percentiles.length + copyBest, candidates.get(percentiles.length + copyBest).asChosen());
        } else {
            candidates.set(best, candidates.get(best).asChosen());
        }
        ConversionReport report = report(ConversionReport.SEARCH, chosen, candidates, subset.length,
                Arrays.stream(SCORE_STEPS).boxed().toList(), losses(model, chosen, x));
        if (LeakFloorStage.applies(predictor, compile)) {
            return withLeakFloor(model, chosen, compile, predictor, reference, subset,
                    copyBest >= 0 ? copyTallies[copyBest] : incumbent, report, replicasFree);
        }
        return trimmed(model, chosen, AnnToSnn.convert(model, chosen), null, compile, predictor, reference, report,
                replicasFree);
    }

    /** {@code network} compiled with {@code report}: from the chip fit's build of it when there was one. */
    private static CompileResult stamped(Compiled probe, Network network, CompileOptions compile, ConversionReport report) {
        return probe != null ? probe.stamped(report) : Compiler.compile(network, compile, report);
    }

    /** The candidate a conversion with {@code fitted}'s copies compiles first: the default percentile unless one is set. */
    private static ConvertOptions firstCandidate(ConvertOptions fitted) {
        return fitted.dataBased() && Double.isNaN(fitted.percentile()) ? fitted.withPercentile(PERCENTILES[0]) : fitted;
    }

    /**
     * {@code network} ({@code chosen} converted) compiled with its biases trimmed ({@link
     * BiasTrim}) when that beats it beyond noise, else as it is, then with its integrators sized
     * from their peaks ({@link HeadroomStage}) unless that scores worse beyond noise, then, where
     * {@code replicasFree}, the choice has at least the default copies and the image is for bounded
     * presentations ({@link MoreCopies#applies}), converted again with more copies unless the
     * choice agrees better beyond noise. Where no stage was taken, the image is the bytes {@code
     * network} compiles to with {@code compile}; where the sizing was, the result's network
     * compiles to it only with the factors its report records ({@link CompileOptions#headroom}).
     */
    static Result trimmed(AnnModel model, ConvertOptions chosen, Network network, Compiled built,
                          CompileOptions compile, Predictor predictor, double[][] reference, ConversionReport report,
                          boolean replicasFree) {
        if (built == null) {
            built = Compiler.build(network, compile);
        }
        if (predictor != null) {
            BiasTrim.Outcome trim = BiasTrim.run(model, chosen, network, built, compile, predictor, reference);
            network = trim.network();
            built = trim.compiled();
            report = trim.report() != null ? report.withBiasTrim(trim.report()) : report;
            // the peaks are those of the network compiled, its biases as trimmed
            HeadroomStage.Outcome sized = HeadroomStage.run(chosen, network, built, compile, predictor, reference);
            built = sized.compiled();
            HeadroomReport headroom = sized.report();
            if (MoreCopies.applies(chosen, replicasFree, compile)) {
                MoreCopies.Outcome more = MoreCopies.run(model, chosen, trim.shifts(), compile, sized, network, predictor,
                        reference);
                network = more.network();
                built = more.compiled();
                headroom = more.headroom();
                report = report.withMoreCopies(more.report());
            }
            report = headroom != null ? report.withHeadroom(headroom) : report;
        }
        return new Result(network, built.stamped(report), report);
    }

    /**
     * {@code chosen} with the leak floor ({@link LeakFloorStage}) that beats it beyond noise on
     * {@code subset}, or with none when none does, then the stages after it ({@link #trimmed}).
     *
     * @param tally {@code chosen}'s tally on every input of {@code subset}
     */
    static Result withLeakFloor(AnnModel model, ConvertOptions chosen, CompileOptions compile, Predictor predictor,
                                double[][] reference, int[] subset, Tally tally, ConversionReport report,
                                boolean replicasFree) {
        Network network = AnnToSnn.convert(model, chosen);
        LeakFloorStage.Outcome floor = LeakFloorStage.run(network, chosen, compile, predictor,
                chosen.calibrationInputs(), reference, subset, tally, Compiler.build(network, compile));
        ConversionReport floored = report.withLeakFloor(floor.report());
        return trimmed(model, chosen, network, floor.compiled(), compile.withLeakFloor(floor.taken()), predictor,
                reference, floored, replicasFree);
    }

    /**
     * The percentile chosen in stage 1: the best score of those that ran every input, when it
     * beats the default's by more than the noise of their agreements ({@link Tally#beats});
     * otherwise the default.
     */
    static int choose(Tally[] tallies, int fallback) {
        int best = ranking(tallies)[0];
        return tallies[best] == tallies[fallback] || tallies[best].beats(tallies[fallback]) ? best : fallback;
    }

    static CandidateScore candidate(double percentile, ConvertOptions copies, Tally t, Tally reference,
                                            boolean chosen) {
        double margin = t == reference || t.inputs() < reference.inputs() ? 0 : t.margin(reference);
        return new CandidateScore(percentile, copies.replicaCount(), copies.inputCopyCount(), t.agreements(), t.error(),
                t.score(), t.inputs(), margin, chosen);
    }

    /**
     * Candidates from best to worst: those scored on more inputs first (a round-2 candidate has
     * beaten every candidate that stopped in round 1), then by score; a tie goes to the earlier.
     */
    static Integer[] ranking(Tally[] tallies) {
        Integer[] order = new Integer[tallies.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer>comparingInt(c -> -tallies[c].inputs())
                .thenComparingDouble(c -> -tallies[c].score()));
        return order;
    }

    /**
     * Inputs per candidate within the budget: every percentile runs a presentation of the longest
     * score length on the first round's share of them, the KEEP best on the rest, and the copy
     * stage at most {@code copyCost} presentations more (its alternatives' weights, relative to
     * the default copies', summed: each may run every input).
     */
    static int inputCount(long synapses, int candidates, double copyCost) {
        return inputCount(synapses, candidates, copyCost, SYNAPSE_STEP_BUDGET);
    }

    /** {@link #inputCount(long, int, double)} within {@code budget} synapse-steps. */
    static int inputCount(long synapses, int candidates, double copyCost, double budget) {
        int steps = SCORE_STEPS[SCORE_STEPS.length - 1];
        double presentations = candidates * FIRST_ROUND + Math.min(KEEP, candidates) * (1 - FIRST_ROUND) + copyCost;
        double n = budget / ((double) Math.max(1, synapses) * steps * presentations);
        return (int) Math.min(MAX_INPUTS, Math.floor(n));
    }

    /**
     * The score: agreement with the float model averaged over the score lengths, less
     * {@value #ERROR_WEIGHT} x the readout error at the shortest. {@link Tally} gives the
     * agreement expected over every calibration input from the readout's margin errors, not a
     * count (docs/CONVERSION.md, "The expected agreement (session 23)"); the readout error
     * measures every input's distance from the float model, so it separates candidates whose
     * agreement differs by a handful of inputs. The mean, not the worst length: the worst is most
     * often the shortest, and ranking by it alone bought agreement at 50 steps with a loss at 200
     * on conv models, where the lengths differ most (docs/CONVERSION.md, "The score's mean over
     * the lengths (session 22)"); the default's margin ({@link Tally#beats}) keeps the dense
     * models' choices where the worst length left them. The error at the shortest, where both
     * clipping and coarse resolution show. docs/CONVERSION.md has the measurements behind both
     * and the weight.
     */
    static double score(double[] agreement, double error) {
        return Arrays.stream(agreement).average().orElse(0) - ERROR_WEIGHT * error;
    }

    static RateLoss.Losses losses(AnnModel model, ConvertOptions options, double[][] x) {
        LayerScales scales = AnnToSnn.scales(model, options);
        return RateLoss.measure(model, scales, options.maxRate(), x, SCORE_STEPS[SCORE_STEPS.length - 1]);
    }

    static ConversionReport report(String method, ConvertOptions o, List<CandidateScore> candidates,
                                           int inputs, List<Integer> steps, RateLoss.Losses losses) {
        return new ConversionReport(method, o.percentileInUse(), o.maxRate(), o.replicaCount(), o.inputCopyCount(),
                steps, inputs, candidates, losses == null ? null : losses.input(), losses == null ? 0 : losses.steps(),
                losses == null ? List.of() : losses.layers());
    }

    /** The float model's last-layer pre-activation: what the chip's readout averages to. */
    static double[][] floatReadout(AnnModel model, double[][] x) {
        List<double[][]> outputs = FloatModel.layerOutputs(model, x);
        double[][] lastHidden = outputs.size() > 1 ? outputs.get(outputs.size() - 2) : x;
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = FloatModel.affine(model.outputLayer(), lastHidden[i]);
        }
        return z;
    }

    static int[] classes(double[][] readout) {
        int[] c = new int[readout.length];
        for (int i = 0; i < readout.length; i++) {
            c[i] = classOf(readout[i]);
        }
        return c;
    }

    /** As the host reads a readout: argmax, or for one output the sign of its pre-activation. */
    static int classOf(double[] z) {
        if (z.length == 1) {
            return z[0] > 0 ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < z.length; j++) {
            if (z[j] > z[best]) {
                best = j;
            }
        }
        return best;
    }

    static double agreement(double[][] readout, double[][] reference) {
        int same = 0;
        for (int i = 0; i < readout.length; i++) {
            same += classOf(readout[i]) == classOf(reference[i]) ? 1 : 0;
        }
        return (double) same / Math.max(1, readout.length);
    }

    static double relativeError(double[][] readout, double[][] reference) {
        double err = 0;
        double ref = 0;
        for (int i = 0; i < readout.length; i++) {
            for (int j = 0; j < readout[i].length; j++) {
                double d = readout[i][j] - reference[i][j];
                err += d * d;
                ref += reference[i][j] * reference[i][j];
            }
        }
        return ref == 0 ? 0 : Math.sqrt(err / ref);
    }
}
