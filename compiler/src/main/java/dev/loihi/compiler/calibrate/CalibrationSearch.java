package dev.loihi.compiler.calibrate;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.convert.LayerScales;
import dev.loihi.compiler.convert.RateLoss;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.ConversionReport.CandidateScore;
import dev.loihi.compiler.report.CoreRow;
import dev.loihi.image.ImageWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses a Keras model's normalization by measuring candidates: each candidate percentile is
 * converted and compiled, the image is run on a subset of the calibration inputs by the
 * {@link Predictor} (the host's bit-exact emulator), and the candidate whose argmax agrees most
 * often with the float model's wins; docs/CONVERSION.md, "Calibration by search", gives the
 * reasons and the measurements.
 *
 * <p>Only the percentile is searched. A max rate m below 1 with scale lambda gives the same
 * network as rate 1 with scale lambda / m (every weight and bias is the same), so rates and
 * percentiles are one axis, and the percentile axis reaches further. Replicas and input
 * copies keep their defaults: they only add resolution, at a cost in synapses.
 *
 * <p>Deterministic: the subset, the candidates and their order, and the number of inputs depend
 * only on the model and the calibration inputs, never on timing, so the same model, data and
 * settings give the same choice and the same image bytes.
 */
public final class CalibrationSearch {
    /** Percentiles tried, the default first: from resolution-first to clipping-free. */
    static final double[] PERCENTILES = {99.0, 99.5, 99.9, 99.99, 100.0};
    /** When the model is large, only these (the ends and the middle of the axis). */
    static final double[] FEW_PERCENTILES = {99.0, 99.9, 100.0};
    /**
     * Presentation lengths scored, read from one presentation of the longest: the short
     * one (resolution matters), the default run (clipping matters) and one between.
     */
    static final int[] SCORE_STEPS = {50, 100, 200};
    /** Share of the inputs that every candidate runs; only the {@link #KEEP} best run the rest. */
    static final double FIRST_ROUND = 0.25;
    /**
     * Three, not two: on a quarter of 400 inputs a candidate's agreement is within about 2% by
     * chance, and on KERAS_3layer the candidate best on all 400 came third on the first 100.
     */
    static final int KEEP = 3;
    static final int MAX_INPUTS = 400;
    /** How much agreement a unit of relative readout error costs in the score ({@link #score}). */
    static final double ERROR_WEIGHT = 0.075;
    static final int MIN_INPUTS = 100;
    /**
     * Synapse-steps the whole search may take: about 10 s of CPU on the development machine (the
     * emulator's speed falls with the synapses of the image). A jet-tagger-size model stays
     * within it at {@link #MAX_INPUTS}; bigger ones get fewer inputs, then fewer candidates.
     */
    static final double SYNAPSE_STEP_BUDGET = 2.5e10;

    private CalibrationSearch() {}

    /** The chosen network compiled, with the conversion report in its report and image metadata. */
    public record Result(Network network, CompileResult compiled, ConversionReport report) {}

    /**
     * Converts and compiles {@code model}. With calibration inputs in {@code options} and no
     * percentile forced there, candidates are searched; otherwise the options are used as given
     * and only the losses are measured.
     */
    public static Result convert(AnnModel model, ConvertOptions options, CompileOptions compile, Predictor predictor) {
        options = AnnToSnn.fitted(model, options);
        if (!options.dataBased()) {
            Network network = AnnToSnn.convert(model, options);
            ConversionReport report = report(ConversionReport.WEIGHTS, options, List.of(), 0, List.of(), null);
            return new Result(network, Compiler.compile(network, compile, report), report);
        }
        double[][] x = options.calibrationInputs();
        if (!Double.isNaN(options.percentile())) {
            Network network = AnnToSnn.convert(model, options);
            ConversionReport report = report(ConversionReport.FORCED, options, List.of(), 0, List.of(),
                    losses(model, options, x));
            return new Result(network, Compiler.compile(network, compile, report), report);
        }
        double[][] reference = floatReadout(model, x);
        if (SurrogateSearch.applies(model, options)) {
            return SurrogateSearch.convert(model, options, compile, reference);
        }
        // The default candidate is compiled first: its size sets the number of inputs and candidates.
        ConvertOptions first = options.withPercentile(PERCENTILES[0]);
        CompileResult firstImage = Compiler.compile(AnnToSnn.convert(model, first), compile);
        long synapses = firstImage.report().cores().stream().mapToLong(CoreRow::synapses).sum();
        double[] percentiles = PERCENTILES;
        int inputs = inputCount(synapses, percentiles.length);
        if (inputs < MIN_INPUTS) {
            percentiles = FEW_PERCENTILES;
            inputs = inputCount(synapses, percentiles.length);
        }
        // In class-balanced order, so that the first round's inputs are balanced too.
        int[] subset = Subset.stratified(classes(reference), Math.max(MIN_INPUTS, inputs));
        int firstRound = Math.max(1, (int) Math.round(subset.length * FIRST_ROUND));

        // Round 1: every candidate on the first inputs; round 2: the KEEP best go on to the rest.
        // Candidates whose images are the same bytes share one tally: run once, one place in round 2.
        CompileResult[] images = new CompileResult[percentiles.length];
        byte[][] bytes = new byte[percentiles.length][];
        Tally[] tallies = new Tally[percentiles.length];
        for (int c = 0; c < percentiles.length; c++) {
            images[c] = c == 0 ? firstImage
                    : Compiler.compile(AnnToSnn.convert(model, options.withPercentile(percentiles[c])), compile);
            bytes[c] = ImageWriter.write(images[c].image());
            for (int d = 0; d < c && tallies[c] == null; d++) {
                if (java.util.Arrays.equals(bytes[c], bytes[d])) {
                    tallies[c] = tallies[d];
                }
            }
            if (tallies[c] == null) {
                tallies[c] = new Tally();
                tallies[c].add(predictor, images[c], x, reference, subset, 0, firstRound);
            }
        }
        java.util.Set<Tally> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int c : ranking(tallies)) {
            if (kept.size() < KEEP && kept.add(tallies[c])) {
                tallies[c].add(predictor, images[c], x, reference, subset, firstRound, subset.length);
            }
        }
        int best = ranking(tallies)[0];

        List<CandidateScore> candidates = new ArrayList<>();
        for (int c = 0; c < percentiles.length; c++) {
            Tally t = tallies[c];
            candidates.add(new CandidateScore(percentiles[c], t.agreements(), t.error(), t.score(), t.inputs, c == best));
        }
        ConvertOptions chosen = options.withPercentile(percentiles[best]);
        Network network = AnnToSnn.convert(model, chosen);
        ConversionReport report = report(ConversionReport.SEARCH, chosen, candidates, subset.length,
                java.util.Arrays.stream(SCORE_STEPS).boxed().toList(), losses(model, chosen, x));
        return new Result(network, Compiler.compile(network, compile, report), report);
    }

    /**
     * Candidates from best to worst: those scored on more inputs first (a round-2 candidate has
     * beaten every candidate that stopped in round 1), then by score; a tie goes to the earlier.
     */
    private static Integer[] ranking(Tally[] tallies) {
        Integer[] order = new Integer[tallies.length];
        java.util.Arrays.setAll(order, i -> i);
        java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingInt(c -> -tallies[c].inputs)
                .thenComparingDouble(c -> -tallies[c].score()));
        return order;
    }

    /**
     * Inputs per candidate within the budget: every candidate runs a presentation of the longest
     * score length on the first round's share of them, the KEEP best on the rest.
     */
    static int inputCount(long synapses, int candidates) {
        int steps = SCORE_STEPS[SCORE_STEPS.length - 1];
        double presentations = candidates * FIRST_ROUND + Math.min(KEEP, candidates) * (1 - FIRST_ROUND);
        double n = SYNAPSE_STEP_BUDGET / ((double) Math.max(1, synapses) * steps * presentations);
        return (int) Math.min(MAX_INPUTS, Math.floor(n));
    }

    /**
     * The score: agreement with the float model at the worst of the score lengths, less
     * {@value #ERROR_WEIGHT} x the readout error at the shortest. Agreement on a few hundred
     * inputs moves in steps of a few tenths of a percent, most of them noise; the readout error
     * measures every input's distance from the float model, so it separates candidates whose
     * agreement differs by a handful of inputs. The worst length, not the mean, so that a
     * candidate cannot buy agreement at long presentations with a loss at short ones; the error
     * at the shortest, where both clipping and coarse resolution show. docs/CONVERSION.md has the
     * measurements behind both and the weight.
     */
    static double score(double[] agreement, double error) {
        double worst = 1;
        for (double a : agreement) {
            worst = Math.min(worst, a);
        }
        return worst - ERROR_WEIGHT * error;
    }

    /** One candidate's counts so far: agreeing inputs per score length, squared errors at the shortest. */
    private static final class Tally {
        final int[] same = new int[SCORE_STEPS.length];
        double err;
        double ref;
        int inputs;

        void add(Predictor predictor, CompileResult image, double[][] x, double[][] reference, int[] subset,
                 int from, int to) {
            if (from >= to) {
                return;
            }
            int[] index = java.util.Arrays.copyOfRange(subset, from, to);
            double[][] sx = rows(x, index);
            double[][] sref = rows(reference, index);
            double[][][] readouts = predictor.readouts(image.image(), sx, SCORE_STEPS);
            for (int k = 0; k < SCORE_STEPS.length; k++) {
                for (int i = 0; i < index.length; i++) {
                    same[k] += classOf(readouts[k][i]) == classOf(sref[i]) ? 1 : 0;
                }
            }
            double[][] shortest = readouts[0];
            for (int i = 0; i < index.length; i++) {
                for (int j = 0; j < shortest[i].length; j++) {
                    double d = shortest[i][j] - sref[i][j];
                    err += d * d;
                    ref += sref[i][j] * sref[i][j];
                }
            }
            inputs += index.length;
        }

        List<Double> agreements() {
            List<Double> out = new ArrayList<>();
            for (int s : same) {
                out.add((double) s / Math.max(1, inputs));
            }
            return out;
        }

        double error() {
            return ref == 0 ? 0 : Math.sqrt(err / ref);
        }

        double score() {
            return CalibrationSearch.score(agreements().stream().mapToDouble(Double::doubleValue).toArray(), error());
        }
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

    private static double[][] rows(double[][] m, int[] index) {
        double[][] out = new double[index.length][];
        for (int i = 0; i < index.length; i++) {
            out[i] = m[index[i]];
        }
        return out;
    }
}
