package dev.loihi.compiler.discretize;

import dev.loihi.image.ChipLimits;

/**
 * Gives back the charge a SUBTRACTIVE_RELU neuron's integrator leak takes while it fires.
 *
 * <p>With reset by subtraction and a sum started at {@code s} (in thresholds), a neuron firing
 * at rate r &lt; 1 tests its threshold with u spread evenly over one threshold that ends r above
 * the crossing point 1 - s (the reset reaches u one step after the spike, so u holds one more
 * step's drive when it is tested): the mean u is 1/2 - s + r. The chip's decay (LOIHI.md, offset
 * 1, rounding toward zero) takes at least (decay_u + 1) / 4096 = a of u every step, so a drive D
 * fires at r = D - a (1/2 - s + r), that is r = (D - a (1/2 - s)) / (1 + a). The slope is given
 * back by multiplying every input of the block, its float bias included, by 1 + a; the offset
 * a (1/2 - s) is zero for s = 1/2 and cancels over a unit's copies (their starts are symmetric
 * about 1/2), so their summed count is left with the leak's dead zone alone: a drive below about
 * a / 2 still never fires. What rounding toward zero adds, at most one chip unit a step, is below
 * 1/1000 of a threshold at the scales the leak is chosen for and is left alone.
 *
 * <p>Quantized weights kept exactly ({@link ExactScale}) take no gain: it would leave their grid.
 */
final class LeakCompensation {
    private LeakCompensation() {}

    /** The factor on a block's inputs at integrator leak decay_u. */
    static double gain(int decayU) {
        return 1 + (decayU + 1) / (double) ChipLimits.DECAY_ONE;
    }
}
