package dev.loihi.compiler.calibrate;

import dev.loihi.image.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One candidate's results on the search's inputs so far, kept per input: whether its readout's
 * class agrees with the float model's at each score length, and its squared readout error at the
 * shortest. Per input, so that a score can be taken over the first inputs only (the first round)
 * and two candidates compared input by input ({@link #beats}).
 */
final class Tally {
    private final boolean[][] same;
    private final double[] errorSquared;
    private final double[] referenceSquared;
    private int inputs;

    Tally(int capacity) {
        same = new boolean[CalibrationSearch.SCORE_STEPS.length][capacity];
        errorSquared = new double[capacity];
        referenceSquared = new double[capacity];
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
        for (int i = from; i < to; i++) {
            double[] ref = reference[subset[i]];
            for (int k = 0; k < readouts.length; k++) {
                same[k][i] = CalibrationSearch.classOf(readouts[k][i - from]) == CalibrationSearch.classOf(ref);
            }
            double[] shortest = readouts[0][i - from];
            for (int j = 0; j < shortest.length; j++) {
                double d = shortest[j] - ref[j];
                errorSquared[i] += d * d;
                referenceSquared[i] += ref[j] * ref[j];
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
        return CalibrationSearch.score(agreements(n).stream().mapToDouble(Double::doubleValue).toArray(), error(n));
    }

    /**
     * Whether this candidate's score beats {@code other}'s by more than the noise of their
     * agreements: {@link CalibrationSearch#NOISE_Z} standard errors of the paired difference in
     * agreement, sqrt(inputs where exactly one of the two agrees) / inputs, at the score length
     * where they differ on most inputs, and at least 1 / inputs. Both must have run the same inputs.
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
     * the noise of the two ({@link #margin}): {@link #beats} without the readout error.
     */
    boolean agreesBeyondNoise(Tally other) {
        // agreements are counts over the same inputs: compare in inputs, so that exactly two
        // standard errors (d = 4 inputs in dispute, 4 more agreeing) is not beyond by rounding
        int n = Math.max(1, Math.min(inputs, other.inputs));
        return Math.round((worstAgreement() - other.worstAgreement()) * n) > margin(other) * n + 1e-9;
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

    /** The score above {@code other}'s that {@link #beats} asks for. */
    double margin(Tally other) {
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

    private double error(int n) {
        double err = Arrays.stream(errorSquared, 0, n).sum();
        double ref = Arrays.stream(referenceSquared, 0, n).sum();
        return ref == 0 ? 0 : Math.sqrt(err / ref);
    }
}
