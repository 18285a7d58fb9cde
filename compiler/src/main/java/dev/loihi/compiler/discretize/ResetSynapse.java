package dev.loihi.compiler.discretize;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;

/**
 * The synapse of every SUBTRACTIVE_RELU neuron onto itself that turns the chip's reset to zero
 * into a reset by subtraction: its spike reaches its own q one step later (LOIHI.md step 1)
 * and takes exactly one threshold off the sum u. {@link ScaleSearch} keeps vth a valid
 * weight, vth = m x 2^(6 + e) with m <= 255, so the subtraction is exact.
 */
final class ResetSynapse {
    private ResetSynapse() {}

    /** The diagonal INHIBITORY connection of {@code block} (index {@code b}) onto itself: n synapses, O(n) memory. */
    static DiscreteConnection of(DiscreteBlock block, int b) {
        long mant = block.vthMant();
        int exp = Math.max(0, 64 - Long.numberOfLeadingZeros(mant) - 8);
        int m = (int) (mant >> exp);
        if ((long) m << exp != mant || exp > ChipLimits.WEIGHT_EXP_MAX) {
            throw new IllegalStateException("threshold is not a weight: layer=" + block.name() + ", vthMant=" + mant);
        }
        return DiscreteConnection.diagonal(block.name(), b, block.n(), SignMode.INHIBITORY, exp, -m,
                DiscreteConnection.SYNTHESIZED);
    }
}
