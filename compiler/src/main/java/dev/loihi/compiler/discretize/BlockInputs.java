package dev.loihi.compiler.discretize;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Weights;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.image.SignMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Float measurements of everything that flows into one ensemble, taken in one pass over its
 * incoming weights: what the scale must leave room for. Every pre neuron (and host axon)
 * spikes at most once a step, so a post neuron's largest input in one step is the sum of its
 * positive (or negative) incoming weights.
 *
 * @param parts          the synapse formats the incoming weights are cut into ({@link SignSplit})
 * @param maxPositive    largest sum of one neuron's positive incoming weights (float units)
 * @param maxNegative    largest sum of the magnitudes of one neuron's negative incoming weights
 * @param maxColumnBias  the larger side with that neuron's bias added on the same side
 * @param maxAbsBias     largest |bias|
 * @param maxMeanInput   largest mean input current per step (float units) when every pre
 *                       neuron fires at its upper-bound rate, bias included
 */
record BlockInputs(List<WeightPart> parts, double maxPositive, double maxNegative, double maxColumnBias,
                   double maxAbsBias, double maxMeanInput) {

    BlockInputs {
        parts = List.copyOf(parts);
    }

    /** Largest per-step input of one neuron, either sign, in float units. */
    double maxColumn() {
        return Math.max(maxPositive, maxNegative);
    }

    /**
     * @param preRates        per incoming connection, the upper bound of its pre neurons' spikes per step
     * @param reservedFormats synapse formats the block needs besides its inputs
     * @param reservedAxons   input axons the block needs besides its inputs
     */
    static BlockInputs measure(Ensemble post, List<Connection> incoming, double[] preRates, int reservedFormats,
                               int reservedAxons) {
        int n = post.n();
        double[] positive = new double[n];
        double[] negative = new double[n];
        double[] meanInput = new double[n];
        int count = incoming.size();
        double[] maxPositiveWeight = new double[count];
        double[] maxNegativeWeight = new double[count];
        int[] nPre = new int[count];
        for (int k = 0; k < count; k++) {
            Connection c = incoming.get(k);
            double rate = preRates[k];
            Weights weights = c.synapses();
            nPre[k] = weights.rows();
            for (int i = 0; i < weights.rows(); i++) {
                for (int e = weights.start(i); e < weights.start(i + 1); e++) {
                    int j = weights.column(e);
                    double w = weights.value(e);
                    if (w > 0) {
                        positive[j] += w;
                        meanInput[j] += w * rate;
                        maxPositiveWeight[k] = Math.max(maxPositiveWeight[k], w);
                    } else if (w < 0) {
                        negative[j] -= w;
                        maxNegativeWeight[k] = Math.max(maxNegativeWeight[k], -w);
                    } else if (w != 0) {
                        throw nonFinite(c, i, j, w);
                    }
                }
            }
            if (Double.isInfinite(maxPositiveWeight[k]) || Double.isInfinite(maxNegativeWeight[k])) {
                throw nonFinite(c, infiniteRow(weights), -1, Double.POSITIVE_INFINITY);
            }
        }
        List<WeightPart> parts = parts(maxPositiveWeight, maxNegativeWeight, nPre, reservedFormats, reservedAxons);
        double maxPositive = 0;
        double maxNegative = 0;
        double maxColumnBias = 0;
        double maxAbsBias = 0;
        double maxMean = 0;
        double[] bias = post.bias();
        for (int j = 0; j < n; j++) {
            double b = bias[j];
            if (!Double.isFinite(b)) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_NONFINITE, "bias is not finite: ensemble=" + post.name()
                        + ", neuron=" + j + ", value=" + b);
            }
            maxPositive = Math.max(maxPositive, positive[j]);
            maxNegative = Math.max(maxNegative, negative[j]);
            maxColumnBias = Math.max(maxColumnBias,
                    Math.max(positive[j] + Math.max(b, 0), negative[j] + Math.max(-b, 0)));
            maxAbsBias = Math.max(maxAbsBias, Math.abs(b));
            maxMean = Math.max(maxMean, meanInput[j] + b);
        }
        return new BlockInputs(parts, maxPositive, maxNegative, maxColumnBias, maxAbsBias, maxMean);
    }

    /** Parts in connection order, excitatory before inhibitory; an all-zero connection gets one empty part. */
    private static List<WeightPart> parts(double[] maxPositive, double[] maxNegative, int[] nPre,
                                          int reservedFormats, int reservedAxons) {
        boolean[] mixed = new boolean[nPre.length];
        for (int k = 0; k < nPre.length; k++) {
            mixed[k] = maxPositive[k] > 0 && maxNegative[k] > 0;
        }
        boolean[] split = SignSplit.decide(nPre, mixed, reservedFormats, reservedAxons);
        List<WeightPart> parts = new ArrayList<>();
        for (int k = 0; k < nPre.length; k++) {
            if (split[k]) {
                parts.add(new WeightPart(k, SignMode.EXCITATORY, maxPositive[k]));
                parts.add(new WeightPart(k, SignMode.INHIBITORY, maxNegative[k]));
            } else {
                SignMode mode = WeightRounding.signMode(maxPositive[k] > 0, maxNegative[k] > 0);
                parts.add(new WeightPart(k, mode, Math.max(maxPositive[k], maxNegative[k])));
            }
        }
        return parts;
    }

    private static int infiniteRow(Weights weights) {
        for (int i = 0; i < weights.rows(); i++) {
            for (int e = weights.start(i); e < weights.start(i + 1); e++) {
                if (Double.isInfinite(weights.value(e))) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static LoihiException nonFinite(Connection c, int row, int column, double w) {
        return new LoihiException(CompilerErrors.DISCRETIZE_NONFINITE, "weight is not finite: connection=" + c.pre() + " -> "
                + c.post() + ", row=" + row + (column >= 0 ? ", column=" + column : "") + ", value=" + w);
    }
}
