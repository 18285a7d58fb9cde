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
 */
public record DiscreteConnection(String pre, String post, int preInput, int preBlock, int postBlock, int nPre,
                                 int nPost, SignMode signMode, int weightExp, int[] mants, int source) {

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

    /** The effective weight of one synapse in chip units. */
    public long weight(int pre, int post) {
        return (long) mants[pre * nPost + post] << (ChipLimits.WEIGHT_SHIFT + weightExp);
    }
}
