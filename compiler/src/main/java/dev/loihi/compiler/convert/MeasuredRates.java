package dev.loihi.compiler.convert;

/**
 * How fast the converted network's spiking layers fire on the calibration inputs: per layer,
 * the mean squared rate (spikes per step) of its neurons where they fire at all, over every
 * neuron and input. The discretizer weighs a block's weight rounding with it when it picks the
 * leak (docs/CONVERSION.md, "The conv jet tagger (fifth pass, session 11)"): a synapse's rounding
 * error reaches the post neuron once per spike, so its share of one step's drive error is the
 * pre rate times the error, and the worst case of every pre neuron spiking every step is far too
 * pessimistic for sparse inputs (jet images are mostly empty).
 *
 * <p>Silent neurons are left out of the mean: a post neuron that matters sees a busy part of the
 * layer below (the jet's core, not the empty border), which the layer's mean over everything
 * would dilute; left in, KERAS_3layer lost 0.5 points at 200 steps (docs).
 *
 * <p>Only the inputs of window layers (convolutions, pools folded in) are weighed so: on the
 * dense zoo the measured rates cost 0.2-0.7 points of agreement at 200 steps (deep .995 to .988,
 * under the issue's .99), so a dense layer's inputs keep the worst case.
 *
 * <p>Rates as the converter sets them: an input axon of either sign fires at min(1, |x| /
 * lambda_0) when x has its sign; a hidden unit at min(1, maxRate x a / lambda_l), each copy
 * alike. A rate below {@link #SILENT} counts as silent (float residue of empty windows).
 */
final class MeasuredRates {
    /** Below a millionth of a spike a step, a neuron is silent (as {@link RateLoss} counts zeros). */
    static final double SILENT = 1e-6;

    private double squares;
    private long firing;

    private MeasuredRates() {}

    private void add(double rate) {
        if (rate > SILENT) {
            squares += rate * rate;
            firing++;
        }
    }

    /** 1, the worst case, for a layer that never fires on the calibration inputs. */
    private double meanSquare() {
        return firing > 0 ? squares / firing : 1;
    }

    /** The rate of the axon of input value {@code v}'s sign (the other is silent). */
    private static double inputRate(double v, double inputScale) {
        return Math.min(1, Math.abs(v) / inputScale);
    }

    /** The rate of a hidden neuron of calibration activation {@code a}. */
    static double hiddenRate(double a, double lambda, double maxRate) {
        return Math.min(1, Math.max(0, maxRate * a / lambda));
    }

    /** Mean squared rate of the input axons that fire, for the calibration rows {@code x}. */
    static double input(double[][] x, double inputScale) {
        MeasuredRates m = new MeasuredRates();
        for (double[] row : x) {
            for (double v : row) {
                // One of the feature's two axons carries |x|; the other is silent.
                m.add(inputRate(v, inputScale));
            }
        }
        return m.meanSquare();
    }

    /** Mean squared rate of the firing units of a hidden layer whose calibration activations are {@code outputs}. */
    static double hidden(double[][] outputs, double lambda, double maxRate) {
        MeasuredRates m = new MeasuredRates();
        for (double[] row : outputs) {
            for (double a : row) {
                m.add(hiddenRate(a, lambda, maxRate));
            }
        }
        return m.meanSquare();
    }

    /**
     * Per input axon, in the converter's row order (feature, then sign on / off, then copy), its
     * mean rate over the calibration rows {@code x}.
     */
    static double[] inputMeans(double[][] x, double inputScale, int copies) {
        int features = x[0].length;
        double[] mean = new double[features * 2 * copies];
        for (double[] row : x) {
            for (int i = 0; i < features; i++) {
                double r = inputRate(row[i], inputScale);
                int sign = row[i] >= 0 ? 0 : 1;
                for (int c = 0; c < copies; c++) {
                    mean[(i * 2 + sign) * copies + c] += r;
                }
            }
        }
        for (int k = 0; k < mean.length; k++) {
            mean[k] /= x.length;
        }
        return mean;
    }

    /** Per neuron of a hidden layer (unit, then copy), its mean rate over the calibration activations {@code outputs}. */
    static double[] hiddenMeans(double[][] outputs, double lambda, double maxRate, int copies) {
        int units = outputs[0].length;
        double[] mean = new double[units * copies];
        for (double[] row : outputs) {
            for (int u = 0; u < units; u++) {
                double r = hiddenRate(row[u], lambda, maxRate);
                for (int c = 0; c < copies; c++) {
                    mean[u * copies + c] += r;
                }
            }
        }
        for (int k = 0; k < mean.length; k++) {
            mean[k] /= outputs.length;
        }
        return mean;
    }
}
