package dev.loihi.compiler.calibrate;

import dev.loihi.compiler.convert.GaussianMoments;
import dev.loihi.image.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One candidate's results on the search's inputs so far, kept per input: whether its readout's
 * class agrees with the float model's at each score length, its margin error there, and its
 * squared readout error at the shortest. Per input, so that a score can be taken over the first
 * inputs only (the first round) and two candidates compared input by input ({@link #beats}).
 *
 * <p>Margins and errors are taken relative to each input's scale, the norm of its float readout
 * with a floor: clipping errs in proportion to an input's size, so that a few large inputs would
 * otherwise set sigma for all (docs/CONVERSION.md, "The expected agreement (session 23)").
 */
final class Tally {
    /**
     * The floor under an input's squared scale, as a share of the mean over the calibration
     * inputs: an input whose float readout is near 0 would otherwise weigh without bound.
     */
    static final double SCALE_FLOOR = 0.01;

    private final boolean[][] same;
    /**
     * Per score length and input: the readout's margin for the float class less the float
     * model's, over the input's scale.
     */
    private final double[][] marginError;
    private final double[] errorSquared;
    private final double[] scaleSquared;
    /**
     * The float model's margin for its class over the input's scale, on every calibration input,
     * not only those run.
     */
    private double[] margins;
    private double floorSquared;
    private int inputs;

    Tally(int capacity) {
        same = new boolean[CalibrationSearch.SCORE_STEPS.length][capacity];
        marginError = new double[CalibrationSearch.SCORE_STEPS.length][capacity];
        errorSquared = new double[capacity];
        scaleSquared = new double[capacity];
    }

    /** A tally of {@code image} run on every input of {@code subset}: how the stages judge a candidate. */
    static Tally of(Predictor predictor, Image image, double[][] x, double[][] reference, int[] subset) {
        Tally t = new Tally(subset.length);
        t.add(predictor, image, x, reference, subset, 0, subset.length);
        return t;
    }

    /** Runs {@code image} on the search's inputs {@code subset[from..to)} and records them. */
    void add(Predictor predictor, Image image, double[][] x, double[][] reference, int[] subset, int from, int to) {
        if (from >= to) {
            return;
        }
        record(predictor.readouts(image, Subset.rows(x, subset, from, to), CalibrationSearch.SCORE_STEPS), reference,
                subset, from, to);
    }

    /**
     * Records readouts (per score length, per input) of the search's inputs {@code subset[from..to)},
     * from whatever produced them: the emulator, or the surrogate ({@link SurrogateSearch}).
     */
    void record(double[][][] readouts, double[][] reference, int[] subset, int from, int to) {
        if (margins == null) {
            double squared = 0;
            for (double[] z : reference) {
                squared += squaredNorm(z);
            }
            floorSquared = SCALE_FLOOR * squared / Math.max(1, reference.length);
            margins = new double[reference.length];
            for (int i = 0; i < reference.length; i++) {
                margins[i] = Margin.toward(reference[i]).in(reference[i]) / scale(squaredScale(reference[i]));
            }
        }
        for (int i = from; i < to; i++) {
            double[] ref = reference[subset[i]];
            Margin margin = Margin.toward(ref);
            scaleSquared[i] = squaredScale(ref);
            double scale = scale(scaleSquared[i]);
            for (int k = 0; k < readouts.length; k++) {
                double[] readout = readouts[k][i - from];
                same[k][i] = CalibrationSearch.classOf(readout) == margin.winner();
                marginError[k][i] = margin.in(readout) / scale - margins[subset[i]];
            }
            double[] shortest = readouts[0][i - from];
            for (int j = 0; j < shortest.length; j++) {
                double d = shortest[j] - ref[j];
                errorSquared[i] += d * d;
            }
        }
        inputs = Math.max(inputs, to);
    }

    int inputs() {
        return inputs;
    }

    List<Double> agreements() {
        return agreements(inputs);
    }

    double error() {
        return error(inputs);
    }

    double score() {
        return score(inputs);
    }

    /** The score over the first {@code n} inputs. */
    double score(int n) {
        return CalibrationSearch.score(expectedAgreements(n), error(n));
    }

    /**
     * Per score length, the agreement expected over every calibration input from the first
     * {@code n} inputs run: mean Phi(m / sigma) over the float margins m, where sigma is the RMS
     * of the readout's margin error on the inputs run. A count of agreements on a few hundred
     * inputs moves by whole inputs near the class boundaries, mostly by chance; sigma is measured
     * on every input run, and the margins of the inputs not run say where the boundaries are
     * (docs/CONVERSION.md, "The expected agreement (session 23)").
     */
    double[] expectedAgreements(int n) {
        double[] out = new double[marginError.length];
        for (int k = 0; k < out.length; k++) {
            double sigma = Math.sqrt(sigmaSquared(k, n));
            if (sigma == 0) {
                out[k] = 1;
                continue;
            }
            double sum = 0;
            for (double m : margins) {
                sum += GaussianMoments.cdf(m / sigma);
            }
            out[k] = sum / margins.length;
        }
        return out;
    }

    /** The mean squared margin error at score length {@code k} over the first {@code n} inputs. */
    private double sigmaSquared(int k, int n) {
        double squared = 0;
        for (int i = 0; i < n; i++) {
            squared += marginError[k][i] * marginError[k][i];
        }
        return squared / Math.max(1, n);
    }

    /**
     * Per input of the first {@code n}, its influence on {@link #score(int)}: the score's
     * derivative with respect to that input's squared margin errors and relative readout error,
     * times their deviation from the mean (the delta method). Their paired differences give the
     * noise of a difference in score ({@link #margin}).
     */
    private double[] influence(int n) {
        double[] out = new double[n];
        int lengths = marginError.length;
        for (int k = 0; k < lengths; k++) {
            double s2 = sigmaSquared(k, n);
            if (s2 == 0) {
                continue;
            }
            double sigma = Math.sqrt(s2);
            // dE/d(sigma^2) = mean over the margins of phi(t) * (-t) / (2 sigma^2), t = m / sigma
            double slope = 0;
            for (double m : margins) {
                double t = m / sigma;
                slope -= GaussianMoments.pdf(t) * t;
            }
            slope /= margins.length * 2 * s2;
            for (int i = 0; i < n; i++) {
                out[i] += slope * (marginError[k][i] * marginError[k][i] - s2) / lengths;
            }
        }
        double error = error(n);
        if (error > 0) {
            double mean = error * error;
            for (int i = 0; i < n; i++) {
                if (scaleSquared[i] > 0) {
                    double relative = errorSquared[i] / scaleSquared[i];
                    out[i] -= CalibrationSearch.ERROR_WEIGHT * (relative - mean) / (2 * error);
                }
            }
        }
        return out;
    }

    /**
     * Whether this candidate's score beats {@code other}'s by more than the noise of the
     * difference ({@link #margin}). Both must have run the same inputs.
     */
    boolean beats(Tally other) {
        return score() - other.score() > margin(other);
    }

    /** The agreement at the score length where it is lowest. */
    double worstAgreement() {
        return agreements().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    /**
     * Whether this candidate's agreement at its worst length beats {@code other}'s by more than
     * the noise of the two ({@link #countedMargin}): counts, without the readout error.
     */
    boolean agreesBeyondNoise(Tally other) {
        // agreements are counts over the same inputs: compare in inputs, so that exactly two
        // standard errors (d = 4 inputs in dispute, 4 more agreeing) is not beyond by rounding
        int n = Math.max(1, Math.min(inputs, other.inputs));
        return Math.round((worstAgreement() - other.worstAgreement()) * n) > countedMargin(other) * n + 1e-9;
    }

    /**
     * Whether at some score length this candidate agrees with the float model on more inputs than
     * {@code other} by more than the noise of the two there: {@link CalibrationSearch#NOISE_Z}
     * x sqrt(inputs where exactly one of them agrees), and by more than one input.
     */
    boolean agreesBetterAtSomeLength(Tally other) {
        for (int k = 0; k < same.length; k++) {
            int mine = agreesAlone(other, k);
            int theirs = other.agreesAlone(this, k);
            if (mine - theirs > Math.max(CalibrationSearch.NOISE_Z * Math.sqrt(mine + theirs), 1)) {
                return true;
            }
        }
        return false;
    }

    /** Inputs (of those both ran) at score length {@code k} where this candidate agrees and {@code other} does not. */
    private int agreesAlone(Tally other, int k) {
        int n = Math.min(inputs, other.inputs);
        int count = 0;
        for (int i = 0; i < n; i++) {
            count += same[k][i] && !other.same[k][i] ? 1 : 0;
        }
        return count;
    }

    /**
     * The score above {@code other}'s that {@link #beats} asks for: {@link
     * CalibrationSearch#NOISE_Z} standard errors of the paired difference in score, from each
     * input's influence on the two scores ({@link #influence}), and at least 1 / inputs: a gain
     * smaller than one input's worth is a tie.
     */
    double margin(Tally other) {
        int n = Math.min(inputs, other.inputs);
        double[] mine = influence(n);
        double[] theirs = other.influence(n);
        double squared = 0;
        for (int i = 0; i < n; i++) {
            double d = mine[i] - theirs[i];
            squared += d * d;
        }
        return Math.max(CalibrationSearch.NOISE_Z * Math.sqrt(squared), 1) / Math.max(1, n);
    }

    /**
     * {@link CalibrationSearch#NOISE_Z} standard errors of the paired difference in agreement,
     * sqrt(inputs where exactly one of the two agrees) / inputs, at the score length where they
     * differ on most inputs, and at least 1 / inputs.
     */
    double countedMargin(Tally other) {
        int n = Math.min(inputs, other.inputs);
        int discordant = 0;
        for (int k = 0; k < same.length; k++) {
            discordant = Math.max(discordant, agreesAlone(other, k) + other.agreesAlone(this, k));
        }
        // at least one input's worth: where no input is in dispute, a smaller gain in readout error is a tie
        return Math.max(CalibrationSearch.NOISE_Z * Math.sqrt(discordant), 1) / Math.max(1, n);
    }

    private List<Double> agreements(int n) {
        List<Double> out = new ArrayList<>();
        for (boolean[] s : same) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                count += s[i] ? 1 : 0;
            }
            out.add((double) count / Math.max(1, n));
        }
        return out;
    }

    /**
     * The RMS over the first {@code n} inputs of each one's readout error relative to its scale:
     * per input, so that a few inputs with large activations (clipped, heavy-tailed) do not
     * outweigh the rest.
     */
    private double error(int n) {
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            if (scaleSquared[i] > 0) {
                sum += errorSquared[i] / scaleSquared[i];
                counted++;
            }
        }
        return counted == 0 ? 0 : Math.sqrt(sum / counted);
    }

    /** An input's squared scale: its float readout's squared norm plus the floor. */
    private double squaredScale(double[] reference) {
        return squaredNorm(reference) + floorSquared;
    }

    /** The scale from its square (1 where that is 0: a calibration set whose readouts are all 0). */
    private static double scale(double squared) {
        return squared > 0 ? Math.sqrt(squared) : 1;
    }

    private static double squaredNorm(double[] z) {
        double squared = 0;
        for (double v : z) {
            squared += v * v;
        }
        return squared;
    }
}
