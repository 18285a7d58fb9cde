package dev.loihi.compiler.discretize;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseFormat;

/**
 * Synapses in chip integers with one sign mode and weight exponent (one synapse format), the
 * 8-bit mantissas row-major ({@code mants[pre * nPost + post]}). A spike of pre neuron i adds
 * {@code mants[i * nPost + j] << (6 + weightExp)} to q of post j.
 *
 * <p>A float connection becomes one of these, or two when its signs are split
 * ({@link WeightPart}): both then carry its index as {@code source}, and each holds zeros where
 * the other holds a weight. The discretizer also adds connections of its own ({@code source}
 * = {@link #SYNTHESIZED}): the reset synapse of a SUBTRACTIVE_RELU block onto itself, and the
 * bias a constant source delivers to it every step.
 * Exactly one of {@code preInput} / {@code preBlock} is a valid index, the other is -1.
 * The array is owned by this record; passes only read it.
 *
 * <p>A shared-weight (population) connection, what a conv layer becomes, has {@code mants}
 * null and its synapses in {@code population} instead (see {@link PopulationSynapses}; make it
 * with {@link #population}). Its pre must be a block: host inputs send discrete spikes only.
 * The partitioner charges each core the distinct weight lists it holds once (LOIHI.md, the
 * cost rule over distinct lists), one input axon per pre axon that reaches the core, and the
 * pre cores one output axon slot per route (two for pop32); the packer writes population axons,
 * compartment bases and weight lists into the image, which the emulator runs as the chip would.
 *
 * <p>A diagonal connection (a block onto itself, pre neuron i to post i only, every synapse
 * the one mantissa {@code diagonal.mant()}; make it with {@link #diagonal}) has neither: it is
 * the reset synapse of a SUBTRACTIVE_RELU block, whose n x n matrix would hold n weights in n^2
 * ints (1.9 GB for the 21,632 neurons of a 32-filter 3x3 layer on 28 x 28). It uses discrete
 * axons like a matrix with the same entries and compiles to the same image.
 *
 * <p>A sparse connection ({@link SparseRows}; make it with {@link #sparse}) holds only the
 * nonzero synapses of each pre neuron's row: discrete axons too, the same image as the matrix
 * with the same entries, without the n x m ints (a convolution's rows reach only its window).
 * The discretizer makes every part of a float connection this way, from the connection's
 * entries ({@link dev.loihi.compiler.net.Weights}).
 */
public record DiscreteConnection(String pre, String post, int preInput, int preBlock, int postBlock, int nPre,
                                 int nPost, SignMode signMode, int weightExp, int[] mants, int source,
                                 PopulationSynapses population, Diagonal diagonal, SparseRows sparse) {

    /** The synapses of a diagonal connection: post i gets {@code mant} from pre i. */
    public record Diagonal(int mant) {}

    public DiscreteConnection {
        int forms = (mants != null ? 1 : 0) + (population != null ? 1 : 0) + (diagonal != null ? 1 : 0)
                + (sparse != null ? 1 : 0);
        if (forms != 1) {
            throw new IllegalArgumentException("connection " + pre + " -> " + post
                    + ": exactly one of mants, population, diagonal and sparse, mants=" + (mants != null)
                    + ", population=" + (population != null) + ", diagonal=" + (diagonal != null)
                    + ", sparse=" + (sparse != null));
        }
        if (sparse != null && sparse.rows() != nPre) {
            throw new IllegalArgumentException("sparse connection " + pre + " -> " + post + ": rows="
                    + sparse.rows() + ", nPre=" + nPre);
        }
        for (int i = 0; sparse != null && i < nPre; i++) {
            // posts ascend within a row: its first and last bound it
            int from = sparse.rowStart()[i];
            int to = sparse.rowStart()[i + 1];
            if (from < to && (sparse.post()[from] < 0 || sparse.post()[to - 1] >= nPost)) {
                throw new IllegalArgumentException("sparse connection " + pre + " -> " + post
                        + ": a synapse outside the post neurons, row=" + i + ", post="
                        + (sparse.post()[from] < 0 ? sparse.post()[from] : sparse.post()[to - 1]) + ", nPost=" + nPost);
            }
        }
        if (diagonal != null && (preBlock < 0 || nPre != nPost)) {
            throw new IllegalArgumentException("diagonal connection " + pre + " -> " + post
                    + ": pre must be a block of nPost neurons, preBlock=" + preBlock + ", nPre=" + nPre
                    + ", nPost=" + nPost);
        }
        if (population != null && (preBlock < 0 || population.preNeurons() != nPre)) {
            throw new IllegalArgumentException("population connection " + pre + " -> " + post
                    + ": pre must be a block of nPre=" + nPre + " neurons, preBlock=" + preBlock
                    + ", preNeurons=" + population.preNeurons());
        }
    }

    /** A connection of discrete axons: one weight row per pre neuron. */
    public DiscreteConnection(String pre, String post, int preInput, int preBlock, int postBlock, int nPre, int nPost,
                              SignMode signMode, int weightExp, int[] mants, int source) {
        this(pre, post, preInput, preBlock, postBlock, nPre, nPost, signMode, weightExp, mants, source, null, null);
    }

    /** The forms before sparse rows: a matrix, a population or a diagonal. */
    public DiscreteConnection(String pre, String post, int preInput, int preBlock, int postBlock, int nPre, int nPost,
                              SignMode signMode, int weightExp, int[] mants, int source, PopulationSynapses population,
                              Diagonal diagonal) {
        this(pre, post, preInput, preBlock, postBlock, nPre, nPost, signMode, weightExp, mants, source, population,
                diagonal, null);
    }

    /** Discrete axons whose rows hold only their nonzero synapses ({@link SparseRows}), from an input or a block. */
    public static DiscreteConnection sparse(String pre, String post, int preInput, int preBlock, int postBlock,
                                            int nPre, int nPost, SignMode signMode, int weightExp, SparseRows rows,
                                            int source) {
        return new DiscreteConnection(pre, post, preInput, preBlock, postBlock, nPre, nPost, signMode, weightExp, null,
                source, null, null, rows);
    }

    /** Block {@code block} of {@code n} neurons onto itself, neuron i to neuron i only, each synapse {@code mant}. */
    public static DiscreteConnection diagonal(String name, int block, int n, SignMode signMode, int weightExp,
                                              int mant, int source) {
        return new DiscreteConnection(name, name, -1, block, block, n, n, signMode, weightExp, null, source, null,
                new Diagonal(mant));
    }

    /**
     * A shared-weight connection from block {@code preBlock} through population axons: the
     * weights are {@code population}'s lists, 8-bit mantissas of one format (signMode, weightExp).
     */
    public static DiscreteConnection population(String pre, String post, int preBlock, int postBlock, int nPre,
                                                int nPost, SignMode signMode, int weightExp,
                                                PopulationSynapses population, int source) {
        return new DiscreteConnection(pre, post, -1, preBlock, postBlock, nPre, nPost, signMode, weightExp, null,
                source, population, null);
    }

    /** Whether the synapses are shared weight lists behind population axons ({@link #population}). */
    public boolean isPopulation() {
        return population != null;
    }

    /** Whether the synapses are one mantissa from each neuron to itself ({@link #diagonal}). */
    public boolean isDiagonal() {
        return diagonal != null;
    }

    /** Whether the synapses are discrete rows of nonzero synapses only ({@link #sparse}). */
    public boolean isSparse() {
        return sparse != null;
    }

    /**
     * Row-major mantissas {@code [pre * nPost + post]}: the discrete ones, or a population's or a
     * diagonal's dense expansion (for tests and small networks: n^2 ints).
     */
    public int[] denseMants() {
        if (population != null) {
            return population.expand(nPost);
        }
        if (sparse != null) {
            return sparse.expand(nPost);
        }
        if (diagonal != null) {
            int[] dense = new int[nPre * nPost];
            for (int i = 0; i < nPre; i++) {
                dense[i * nPost + i] = diagonal.mant();
            }
            return dense;
        }
        return mants;
    }

    /** The mantissa of the synapse from pre neuron {@code pre} to post {@code post} of a discrete, sparse or diagonal connection. */
    public int mant(int pre, int post) {
        if (diagonal != null) {
            return pre == post ? diagonal.mant() : 0;
        }
        if (sparse != null) {
            return sparse.mant(pre, post);
        }
        return mants[pre * nPost + post];
    }

    /** Weight bits of every synapse format the compiler emits. */
    public static final int WEIGHT_BITS = ChipLimits.WEIGHT_BITS;
    /** {@link #source} of a connection the discretizer added, which no float connection maps to. */
    public static final int SYNTHESIZED = -1;

    public boolean fromInput() {
        return preInput >= 0;
    }

    public boolean synthesized() {
        return source == SYNTHESIZED;
    }

    /** The synapse format of this connection, as dense or sparse runs. */
    public SynapseFormat format(boolean dense) {
        return new SynapseFormat(WEIGHT_BITS, signMode, weightExp, dense);
    }

    /** The effective weight of one synapse of a discrete or diagonal connection in chip units. */
    public long weight(int pre, int post) {
        return (long) mant(pre, post) << (ChipLimits.WEIGHT_SHIFT + weightExp);
    }
}
