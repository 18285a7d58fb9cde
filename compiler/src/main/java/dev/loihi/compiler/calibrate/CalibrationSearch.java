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
    /** The two presentation lengths: short (resolution matters) and the default run (clipping matters). */
    static final int[] SCORE_STEPS = {50, 200};
    static final int MAX_INPUTS = 400;
    /** How much agreement a unit of relative readout error costs in the score ({@link #score}). */
    static final double ERROR_WEIGHT = 0.05;
    static final int MIN_INPUTS = 100;
    /**
     * Synapse-steps the whole search may take: about 6 s of emulation on two cores of the
     * development machine (the emulator's speed falls with the synapses of the image).
     */
    static final double SYNAPSE_STEP_BUDGET = 1.6e11;

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
        // The default candidate is compiled first: its size sets the number of inputs and candidates.
        ConvertOptions first = options.withPercentile(PERCENTILES[0]);
        Network firstNetwork = AnnToSnn.convert(model, first);
        CompileResult firstImage = Compiler.compile(firstNetwork, compile);
        long synapses = firstImage.report().cores().stream().mapToLong(CoreRow::synapses).sum();
        double[] percentiles = PERCENTILES;
        int inputs = inputCount(synapses, percentiles.length);
        if (inputs < MIN_INPUTS) {
            percentiles = FEW_PERCENTILES;
            inputs = inputCount(synapses, percentiles.length);
        }
        int[] subset = Subset.stratified(classes(reference), Math.max(MIN_INPUTS, inputs));
        double[][] sx = rows(x, subset);
        double[][] sref = rows(reference, subset);

        List<double[]> scores = new ArrayList<>();
        int best = 0;
        for (int c = 0; c < percentiles.length; c++) {
            CompileResult image = c == 0 ? firstImage
                    : Compiler.compile(AnnToSnn.convert(model, options.withPercentile(percentiles[c])), compile);
            double[] score = new double[SCORE_STEPS.length + 1];
            for (int s = 0; s < SCORE_STEPS.length; s++) {
                double[][] readout = predictor.readout(image.image(), sx, SCORE_STEPS[s]);
                score[s] = agreement(readout, sref);
                if (s == SCORE_STEPS.length - 1) {
                    score[SCORE_STEPS.length] = relativeError(readout, sref);
                }
            }
            scores.add(score);
            if (better(score, scores.get(best))) {
                best = c;
            }
        }
        List<CandidateScore> candidates = new ArrayList<>();
        for (int c = 0; c < percentiles.length; c++) {
            double[] s = scores.get(c);
            List<Double> agreement = new ArrayList<>();
            for (int k = 0; k < SCORE_STEPS.length; k++) {
                agreement.add(s[k]);
            }
            candidates.add(new CandidateScore(percentiles[c], agreement, s[SCORE_STEPS.length], score(s), c == best));
        }
        ConvertOptions chosen = options.withPercentile(percentiles[best]);
        Network network = AnnToSnn.convert(model, chosen);
        ConversionReport report = report(ConversionReport.SEARCH, chosen, candidates, subset.length,
                java.util.Arrays.stream(SCORE_STEPS).boxed().toList(), losses(model, chosen, x));
        return new Result(network, Compiler.compile(network, compile, report), report);
    }

    /** Inputs per candidate within the budget: SCORE_STEPS summed, over the image's synapses. */
    static int inputCount(long synapses, int candidates) {
        int stepsPerInput = java.util.Arrays.stream(SCORE_STEPS).sum();
        double n = SYNAPSE_STEP_BUDGET / ((double) Math.max(1, synapses) * stepsPerInput * candidates);
        return (int) Math.min(MAX_INPUTS, Math.floor(n));
    }

    /** The higher score wins; a tie goes to the earlier candidate. */
    private static boolean better(double[] a, double[] b) {
        return score(a) > score(b);
    }

    /**
     * Mean agreement over the score lengths, less {@value #ERROR_WEIGHT} x the readout error.
     * Agreement on a few hundred inputs moves in steps of a few tenths of a percent, most of them
     * noise; the readout error measures every input's distance from the float model, so it
     * separates candidates whose agreement differs by a handful of inputs. At this weight a
     * readout error 0.1 smaller is worth 0.5% agreement, about two inputs in 400.
     */
    static double score(double[] s) {
        double mean = 0;
        for (int k = 0; k < SCORE_STEPS.length; k++) {
            mean += s[k];
        }
        return mean / SCORE_STEPS.length - ERROR_WEIGHT * s[SCORE_STEPS.length];
    }

    private static RateLoss.Losses losses(AnnModel model, ConvertOptions options, double[][] x) {
        LayerScales scales = AnnToSnn.scales(model, options);
        return RateLoss.measure(model, scales, options.maxRate(), x, SCORE_STEPS[SCORE_STEPS.length - 1]);
    }

    private static ConversionReport report(String method, ConvertOptions o, List<CandidateScore> candidates,
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
