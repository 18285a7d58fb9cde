package dev.loihi.compiler.discretize;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseFormat;

/**
 * A connection in chip integers: one sign mode and weight exponent (one synapse format) for
 * the whole matrix, and the 8-bit mantissas row-major ({@code mants[pre * nPost + post]}).
 * A spike of pre neuron i adds {@code mants[i * nPost + j] << (6 + weightExp)} to q of post j.
 * Exactly one of {@code preInput} / {@code preBlock} is a valid index, the other is -1.
 * The array is owned by this record; passes only read it.
 */
public record DiscreteConnection(String pre, String post, int preInput, int preBlock, int postBlock, int nPre,
                                 int nPost, SignMode signMode, int weightExp, int[] mants) {

    /** Weight bits of every synapse format the compiler emits. */
    public static final int WEIGHT_BITS = ChipLimits.WEIGHT_BITS;

    public boolean fromInput() {
        return preInput >= 0;
    }

    /** The synapse format of this connection, as dense or sparse runs. */
    public SynapseFormat format(boolean dense) {
        return new SynapseFormat(WEIGHT_BITS, signMode, weightExp, dense);
    }

    /** The effective weight of one synapse in chip units. */
    public long weight(int pre, int post) {
        return (long) mants[pre * nPost + post] << (ChipLimits.WEIGHT_SHIFT + weightExp);
    }
}
