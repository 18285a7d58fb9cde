package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Weights;
import java.util.List;

/**
 * Runs of adjacent neurons that are copies of one another: pre neurons (or host axons) with the
 * same outgoing weights, and post neurons with the same incoming weights from every connection
 * and the same bias. The converter makes such runs on purpose (staggered input axons, hidden
 * replicas), and copies fire at one rate, so what reaches the next layer is the sum of a run's
 * synapses, not each synapse: {@link WeightRounding} rounds that sum instead. Pre neurons with
 * staggered starts form a run only with the other copies of their unit ({@link #rows}): equal
 * outgoing weights alone also join units that fire at different rates.
 *
 * <p>A run is given by its first index: {@code start[i]} is the first neuron of i's run.
 */
final class CopyRuns {
    private CopyRuns() {}

    /**
     * Runs of adjacent equal rows of {@code weights} (pre neurons) that are copies of one
     * another. Where the pre neurons' sums start at staggered values ({@code preStarts}, the
     * converter's replicas: copy c of a unit at (c + 1/2) / replicas), a run goes on only while
     * the start rises, so that two units whose outgoing weights are equal but whose rates are not
     * are rounded apart: a max pool tree's relu(x) and relu(y - x), which the next layer reads as
     * one sum, were rounded as one run and their synapses shared steps as if they fired alike (on
     * c1d_maxpool the layer after the tree had 3x the rate error at 3 replicas, 7x at 5). Null:
     * host axons, or neurons without staggered starts, equal rows alone.
     */
    static int[] rows(Weights weights, double[] preStarts) {
        int[] start = new int[weights.rows()];
        for (int i = 1; i < start.length; i++) {
            boolean copy = weights.sameRow(i, i - 1) && (preStarts == null || preStarts[i] > preStarts[i - 1]);
            start[i] = copy ? start[i - 1] : i;
        }
        return start;
    }

    /**
     * Runs of adjacent post neurons equal in every incoming column and in {@code bias}. Read
     * row by row: comparing column pairs down the rows strides through memory, and on the HGQ
     * MNIST CNN (6,272 x 8,112 weights into its first convolution, compared once per leak tried)
     * that took 77% of a compile. Only a row's entries can differ from their neighbours (two
     * absent ones are both 0).
     */
    static int[] columns(List<Connection> incoming, double[] bias) {
        int n = bias.length;
        boolean[] differs = new boolean[n];
        for (int j = 1; j < n; j++) {
            differs[j] = Double.compare(bias[j], bias[j - 1]) != 0;
        }
        for (Connection c : incoming) {
            Weights w = c.synapses();
            for (int i = 0; i < w.rows(); i++) {
                int end = w.start(i + 1);
                for (int k = w.start(i); k < end; k++) {
                    int j = w.column(k);
                    // A run boundary found once stays found: most columns of a dense layer differ at the first row.
                    if (j > 0 && !differs[j]) {
                        boolean leftEntry = k > w.start(i) && w.column(k - 1) == j - 1;
                        differs[j] = Double.compare(w.value(k), leftEntry ? w.value(k - 1) : 0.0) != 0;
                    }
                    if (j + 1 < n && !differs[j + 1]) {
                        boolean rightEntry = k + 1 < end && w.column(k + 1) == j + 1;
                        // an entry holds no zero, so it differs from an absent right neighbour
                        differs[j + 1] = !rightEntry;
                    }
                }
            }
        }
        int[] start = new int[n];
        for (int j = 1; j < n; j++) {
            start[j] = differs[j] ? j : start[j - 1];
        }
        return start;
    }

    /** Runs of length one: every neuron rounds alone. */
    static int[] single(int length) {
        int[] start = new int[length];
        for (int i = 0; i < length; i++) {
            start[i] = i;
        }
        return start;
    }

    /** Length of the run starting at {@code first}. */
    static int length(int[] start, int first) {
        int end = first + 1;
        while (end < start.length && start[end] == first) {
            end++;
        }
        return end - first;
    }
}
