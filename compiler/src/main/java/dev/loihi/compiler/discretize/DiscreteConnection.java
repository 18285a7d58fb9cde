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
 */
public record DiscreteConnection(String pre, String post, int preInput, int preBlock, int postBlock, int nPre,
                                 int nPost, SignMode signMode, int weightExp, int[] mants, int source,
                                 PopulationSynapses population) {

    public DiscreteConnection {
        if ((mants == null) == (population == null)) {
            throw new IllegalArgumentException("connection " + pre + " -> " + post
                    + ": exactly one of mants and population, mants=" + (mants != null)
                    + ", population=" + (population != null));
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
        this(pre, post, preInput, preBlock, postBlock, nPre, nPost, signMode, weightExp, mants, source, null);
    }

    /**
     * A shared-weight connection from block {@code preBlock} through population axons: the
     * weights are {@code population}'s lists, 8-bit mantissas of one format (signMode, weightExp).
     */
    public static DiscreteConnection population(String pre, String post, int preBlock, int postBlock, int nPre,
                                                int nPost, SignMode signMode, int weightExp,
                                                PopulationSynapses population, int source) {
        return new DiscreteConnection(pre, post, -1, preBlock, postBlock, nPre, nPost, signMode, weightExp, null,
                source, population);
    }

    /** Whether the synapses are shared weight lists behind population axons ({@link #population}). */
    public boolean isPopulation() {
        return population != null;
    }

    /** Row-major mantissas {@code [pre * nPost + post]}: the discrete ones, or a population's dense expansion. */
    public int[] denseMants() {
        return population == null ? mants : population.expand(nPost);
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

    /** The effective weight of one synapse of a discrete connection in chip units. */
    public long weight(int pre, int post) {
        return (long) mants[pre * nPost + post] << (ChipLimits.WEIGHT_SHIFT + weightExp);
    }
}
