package dev.loihi.compiler.partition;

import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.SparseRows;
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
 * entry in either layout, exactly as the row of the matrix with the same entries would. A sparse
 * connection's row ({@link SparseRows}) is walked over its nonzero synapses only, to the same
 * counts and entries as the matrix row with the same synapses.
 */
public final class AxonRow {
    private static final int RUN = ChipLimits.SYNAPSE_RUN_MAX;

    private AxonRow() {}

    /**
     * Counts the synapses of row {@code mants[rowOffset + from .. rowOffset + to)}: returns
     * {@code (nonzeros << 32) | denseEntries}.
     */
    public static long scan(int[] mants, int rowOffset, int from, int to) {
        Runs runs = new Runs(from, to);
        for (int j = from; j < to; j++) {
            if (mants[rowOffset + j] != 0) {
                runs.add(j);
            }
        }
        return runs.scan();
    }

    /** {@link #scan} of pre neuron {@code pre}'s row of a discrete or diagonal connection. */
    public static long scan(DiscreteConnection conn, int pre, int from, int to) {
        if (conn.isDiagonal()) {
            return inDiagonal(conn, pre, from, to) ? (1L << 32) | 1 : 0;
        }
        if (conn.isSparse()) {
            return scan(conn.sparse(), pre, from, to);
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
        if (conn.isSparse()) {
            return fill(conn.sparse(), pre, from, to, dense, compartments, weights);
        }
        return fill(conn.mants(), pre * conn.nPost(), from, to, dense, compartments, weights);
    }

    /** {@link #scan} of a sparse row: the same runs, found from its nonzero synapses alone. */
    static long scan(SparseRows rows, int pre, int from, int to) {
        Runs runs = new Runs(from, to);
        int end = rows.rowStart()[pre + 1];
        for (int k = rows.firstAtOrAfter(pre, from); k < end && rows.post()[k] < to; k++) {
            runs.add(rows.post()[k]);
        }
        return runs.scan();
    }

    /** The dense layout's runs over the nonzero compartments of one row, given in ascending order. */
    private static final class Runs {
        private final int to;
        private int nonzeros;
        private int entries;
        private int runStart = -1;
        private int runEnd;
        private int last = -1;

        Runs(int from, int to) {
            this.to = to;
            this.runEnd = from;
        }

        void add(int j) {
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

        /** {@code (nonzeros << 32) | denseEntries}, the last run ending at its last nonzero. */
        long scan() {
            int total = entries + (runStart >= 0 ? last - runStart + 1 : 0);
            return ((long) nonzeros << 32) | total;
        }
    }

    /** {@link #fill} of a sparse row: in the dense layout, the zeros inside a run are written as the matrix row's are. */
    static int fill(SparseRows rows, int pre, int from, int to, boolean dense, int[] compartments, int[] weights) {
        int count = 0;
        int runEnd = from;
        int next = from;
        int end = rows.rowStart()[pre + 1];
        for (int k = rows.firstAtOrAfter(pre, from); k < end && rows.post()[k] < to; k++) {
            int j = rows.post()[k];
            if (dense) {
                // close the run before j with its zeros, or fill the gap up to j inside the run
                int zerosTo = j < runEnd ? j : runEnd;
                for (int z = next; z < zerosTo; z++) {
                    compartments[count] = z - from;
                    weights[count++] = 0;
                }
                if (j >= runEnd) {
                    runEnd = Math.min(j + RUN, to);
                }
                next = j + 1;
            }
            compartments[count] = j - from;
            weights[count++] = rows.mants()[k];
        }
        return count;
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
