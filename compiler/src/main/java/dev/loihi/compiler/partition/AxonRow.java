package dev.loihi.compiler.partition;

import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.image.ChipLimits;

/**
 * The synapses one input axon holds on one core: the nonzero mantissas of one pre neuron's
 * weight row within the core's compartment range. The partitioner counts them with
 * {@link #scan} and the packer writes them with {@link #fill}; both walk the row the same way,
 * so the memory the partitioner budgets is the memory the packer uses.
 *
 * <p>Sparse layout: only the nonzero synapses, each with its compartment index. Dense layout
 * (no index bits): runs of consecutive compartments; every run but the last holds exactly 64
 * (the image format cuts an axon's synapse list into runs of 64 and stores only each run's
 * first compartment). A run starts at the next nonzero compartment not yet covered, takes the
 * 63 after it, zeros included, and the last run ends at the last nonzero.
 *
 * <p>A diagonal connection's row holds one synapse, at the pre neuron's own compartment: one
 * entry in either layout, exactly as the row of the matrix with the same entries would.
 */
public final class AxonRow {
    private static final int RUN = ChipLimits.SYNAPSE_RUN_MAX;

    private AxonRow() {}

    /**
     * Counts the synapses of row {@code mants[rowOffset + from .. rowOffset + to)}: returns
     * {@code (nonzeros << 32) | denseEntries}.
     */
    public static long scan(int[] mants, int rowOffset, int from, int to) {
        int nonzeros = 0;
        int entries = 0;
        int runStart = -1;
        int runEnd = from;
        int last = -1;
        for (int j = from; j < to; j++) {
            if (mants[rowOffset + j] != 0) {
                if (j >= runEnd) {
                    if (runStart >= 0) {
                        entries += runEnd - runStart;
                    }
                    runStart = j;
                    runEnd = Math.min(j + RUN, to);
                }
                last = j;
                nonzeros++;
            }
        }
        if (runStart >= 0) {
            entries += last - runStart + 1;
        }
        return ((long) nonzeros << 32) | entries;
    }

    /** {@link #scan} of pre neuron {@code pre}'s row of a discrete or diagonal connection. */
    public static long scan(DiscreteConnection conn, int pre, int from, int to) {
        if (conn.isDiagonal()) {
            return inDiagonal(conn, pre, from, to) ? (1L << 32) | 1 : 0;
        }
        return scan(conn.mants(), pre * conn.nPost(), from, to);
    }

    /** {@link #fill} for pre neuron {@code pre}'s row of a discrete or diagonal connection. */
    public static int fill(DiscreteConnection conn, int pre, int from, int to, boolean dense, int[] compartments,
                           int[] weights) {
        if (conn.isDiagonal()) {
            if (!inDiagonal(conn, pre, from, to)) {
                return 0;
            }
            compartments[0] = pre - from;
            weights[0] = conn.diagonal().mant();
            return 1;
        }
        return fill(conn.mants(), pre * conn.nPost(), from, to, dense, compartments, weights);
    }

    private static boolean inDiagonal(DiscreteConnection conn, int pre, int from, int to) {
        return pre >= from && pre < to && conn.diagonal().mant() != 0;
    }

    public static int nonzeros(long scan) {
        return (int) (scan >>> 32);
    }

    public static int denseEntries(long scan) {
        return (int) scan;
    }

    /**
     * Writes the synapses of the row in {@code dense} or sparse layout, with compartments
     * relative to {@code from}; returns how many were written.
     */
    public static int fill(int[] mants, int rowOffset, int from, int to, boolean dense, int[] compartments,
                           int[] weights) {
        int count = 0;
        if (!dense) {
            for (int j = from; j < to; j++) {
                int m = mants[rowOffset + j];
                if (m != 0) {
                    compartments[count] = j - from;
                    weights[count++] = m;
                }
            }
            return count;
        }
        int runEnd = from;
        int lastCount = 0;
        for (int j = from; j < to; j++) {
            int m = mants[rowOffset + j];
            if (j < runEnd) {
                compartments[count] = j - from;
                weights[count++] = m;
                if (m != 0) {
                    lastCount = count;
                }
            } else if (m != 0) {
                runEnd = Math.min(j + RUN, to);
                compartments[count] = j - from;
                weights[count++] = m;
                lastCount = count;
            }
        }
        return lastCount;
    }
}
