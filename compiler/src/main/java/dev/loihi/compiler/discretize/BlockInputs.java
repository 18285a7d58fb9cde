package dev.loihi.compiler.discretize;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.image.SignMode;
import java.util.List;

/**
 * Float measurements of everything that flows into one ensemble, taken in one pass over its
 * incoming weights: what the scale must leave room for. Every pre neuron (and host axon)
 * spikes at most once a step, so a post neuron's largest input in one step is the sum of its
 * positive (or negative) incoming weights.
 *
 * @param maxAbs          per incoming connection, the largest |weight|
 * @param modes           per incoming connection, the sign mode its weights allow
 * @param maxColumn       largest per-step input of one neuron, either sign, in float units
 * @param maxColumnBias   the same with that neuron's bias added on the same side
 * @param maxAbsBias      largest |bias|
 * @param maxMeanInput    largest mean input current per step (float units) when every pre
 *                        neuron fires at its upper-bound rate, bias included
 */
record BlockInputs(double[] maxAbs, SignMode[] modes, double maxColumn, double maxColumnBias, double maxAbsBias,
                   double maxMeanInput) {

    /** @param preRates per incoming connection, the upper bound of its pre neurons' spikes per step */
    static BlockInputs measure(Ensemble post, List<Connection> incoming, double[] preRates) {
        int n = post.n();
        double[] positive = new double[n];
        double[] negative = new double[n];
        double[] meanInput = new double[n];
        double[] maxAbs = new double[incoming.size()];
        SignMode[] modes = new SignMode[incoming.size()];
        for (int k = 0; k < incoming.size(); k++) {
            Connection c = incoming.get(k);
            double rate = preRates[k];
            double max = 0;
            boolean anyPositive = false;
            boolean anyNegative = false;
            double[][] weights = c.weights();
            for (int i = 0; i < weights.length; i++) {
                double[] row = weights[i];
                for (int j = 0; j < n; j++) {
                    double w = row[j];
                    if (w > 0) {
                        positive[j] += w;
                        meanInput[j] += w * rate;
                        anyPositive = true;
                    } else if (w < 0) {
                        negative[j] -= w;
                        anyNegative = true;
                    } else if (w != 0) {
                        throw nonFinite(c, i, j, w);
                    }
                    max = Math.max(max, Math.abs(w));
                }
            }
            if (Double.isInfinite(max)) {
                throw nonFinite(c, infiniteRow(weights), -1, max);
            }
            maxAbs[k] = max;
            modes[k] = WeightRounding.signMode(anyPositive, anyNegative);
        }
        double maxColumn = 0;
        double maxColumnBias = 0;
        double maxAbsBias = 0;
        double maxMean = 0;
        double[] bias = post.bias();
        for (int j = 0; j < n; j++) {
            double b = bias[j];
            if (!Double.isFinite(b)) {
                throw new LoihiException(Discretizer.NONFINITE, "bias is not finite: ensemble=" + post.name()
                        + ", neuron=" + j + ", value=" + b);
            }
            maxColumn = Math.max(maxColumn, Math.max(positive[j], negative[j]));
            maxColumnBias = Math.max(maxColumnBias,
                    Math.max(positive[j] + Math.max(b, 0), negative[j] + Math.max(-b, 0)));
            maxAbsBias = Math.max(maxAbsBias, Math.abs(b));
            maxMean = Math.max(maxMean, meanInput[j] + b);
        }
        return new BlockInputs(maxAbs, modes, maxColumn, maxColumnBias, maxAbsBias, maxMean);
    }

    private static int infiniteRow(double[][] weights) {
        for (int i = 0; i < weights.length; i++) {
            for (double w : weights[i]) {
                if (Double.isInfinite(w)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static LoihiException nonFinite(Connection c, int row, int column, double w) {
        return new LoihiException(Discretizer.NONFINITE, "weight is not finite: connection=" + c.pre() + " -> "
                + c.post() + ", row=" + row + (column >= 0 ? ", column=" + column : "") + ", value=" + w);
    }
}
