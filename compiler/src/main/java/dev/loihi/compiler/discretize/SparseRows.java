package dev.loihi.compiler.discretize;

import java.util.Arrays;

/**
 * The nonzero synapses of a discrete-axon connection, row by row (compressed rows): pre neuron
 * i's synapses are {@code post[k]} / {@code mants[k]} for k in {@code rowStart[i] ..
 * rowStart[i + 1] - 1}, posts ascending, no mantissa zero. What a convolution's window makes of
 * an n x m matrix whose rows each reach a few dozen posts: the memory of its synapses, not of
 * n x m ints (the first convolution of a 28 x 28 CNN at 16 input copies would be 25,088 x
 * 21,632). The arrays are owned by this record; passes only read them.
 */
public record SparseRows(int[] rowStart, int[] post, int[] mants) {
    public SparseRows {
        if (rowStart.length == 0 || rowStart[0] != 0 || rowStart[rowStart.length - 1] != post.length
                || post.length != mants.length) {
            throw new IllegalArgumentException("sparse rows: rowStart must run from 0 to " + post.length
                    + ", posts=" + post.length + ", mants=" + mants.length);
        }
        for (int i = 0; i + 1 < rowStart.length; i++) {
            if (rowStart[i + 1] < rowStart[i]) {
                throw new IllegalArgumentException("sparse rows: rowStart falls at row " + i);
            }
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                if (mants[k] == 0 || (k > rowStart[i] && post[k] <= post[k - 1])) {
                    throw new IllegalArgumentException("sparse rows: row " + i + " must hold nonzero mantissas at"
                            + " ascending posts, position=" + k);
                }
            }
        }
    }

    public int rows() {
        return rowStart.length - 1;
    }

    /** Synapses of all rows. */
    public int synapses() {
        return post.length;
    }

    /** The mantissa from pre {@code pre} to post {@code target}, 0 when there is no synapse. */
    public int mant(int pre, int target) {
        int k = Arrays.binarySearch(post, rowStart[pre], rowStart[pre + 1], target);
        return k >= 0 ? mants[k] : 0;
    }

    /** The first synapse of row {@code pre} at a post {@code >= target} (its row's end when none). */
    public int firstAtOrAfter(int pre, int target) {
        int k = Arrays.binarySearch(post, rowStart[pre], rowStart[pre + 1], target);
        return k >= 0 ? k : -k - 1;
    }

    /** As a row-major matrix {@code [pre * nPost + post]} (tests and small networks only). */
    public int[] expand(int nPost) {
        int[] dense = new int[rows() * nPost];
        for (int i = 0; i < rows(); i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                dense[i * nPost + post[k]] = mants[k];
            }
        }
        return dense;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseRows s && Arrays.equals(s.rowStart, rowStart) && Arrays.equals(s.post, post)
                && Arrays.equals(s.mants, mants);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rowStart) * 31 + Arrays.hashCode(post) * 17 + Arrays.hashCode(mants);
    }

    @Override
    public String toString() {
        return "SparseRows[rows=" + rows() + ", synapses=" + synapses() + "]";
    }
}
