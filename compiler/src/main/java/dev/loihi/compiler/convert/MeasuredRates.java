package dev.loihi.compiler.convert;

/**
 * How often the converted network's spiking layers fire on the calibration inputs: per layer,
 * the mean over its neurons and the inputs of the squared rate (spikes per step). The
 * discretizer weighs a block's weight rounding with it when it picks the leak
 * (docs/CONVERSION.md, "The conv jet tagger (fifth pass, session 11)"): a synapse's rounding
 * error reaches the post neuron once per spike, so its share of one step's drive error is the
 * pre rate times the error, and the rates of sparse inputs (jet images, mostly empty) make the
 * worst case of every pre neuron spiking every step far too pessimistic.
 *
 * <p>Rates as the converter sets them: an input axon of either sign fires at min(1, |x| /
 * lambda_0) when x has its sign; a hidden unit at min(1, maxRate x a / lambda_l), each copy
 * alike.
 */
final class MeasuredRates {
    private MeasuredRates() {}

    /** Mean squared rate of the input axons (both signs) for the calibration rows {@code x}. */
    static double input(double[][] x, double inputScale) {
        double sum = 0;
        long count = 0;
        for (double[] row : x) {
            for (double v : row) {
                double r = Math.min(1, Math.abs(v) / inputScale);
                sum += r * r;
                // The other sign's axon is silent: two axons per feature.
                count += 2;
            }
        }
        return count > 0 ? sum / count : 1;
    }

    /** Mean squared rate of a hidden layer whose calibration activations are {@code outputs}. */
    static double hidden(double[][] outputs, double lambda, double maxRate) {
        double sum = 0;
        long count = 0;
        for (double[] row : outputs) {
            for (double a : row) {
                double r = Math.min(1, Math.max(0, maxRate * a / lambda));
                sum += r * r;
                count++;
            }
        }
        return count > 0 ? sum / count : 1;
    }
}
