package dev.loihi.compiler.discretize;

import dev.loihi.common.LoihiException;
import dev.loihi.image.ChipLimits;
import java.util.function.IntFunction;

/**
 * Picks the leak of a SUBTRACTIVE_RELU block's integrator u. Without leak, a neuron whose
 * input stays negative sums it without bound, and u (23 bits + sign) would wrap into a burst of
 * spikes; a leak of (decay_u + 1) / 4096 per step holds u within about 4096 / (decay_u + 1)
 * steps of worst-case input ({@link ScaleSearch#integratorNeed}), so a stronger leak allows a
 * larger scale. The leak has a price: it pulls u toward 0, which adds charge to a neuron whose
 * inhibitory inputs push u below 0 between spikes, and a drive below half the leak never
 * reaches the threshold. The scale has one too: nothing below 64 chip units exists, so a small
 * scale coarsens the weights and the bias (which arrives as a weight).
 *
 * <p>So the leak is the smallest power of two at which the weights' effective rounding error
 * stays within {@link #RMS_TARGET} (or 10% above the error at the strongest leak when even that
 * misses it) and the bias step, 64 chip units, within 1/128 of a threshold ({@link #MIN_SCALE},
 * or the largest scale the block allows). On the jet tagger this gave 32/4096 on every layer
 * (docs/CONVERSION.md). The discretizer now takes this rule for blocks whose quantized weights
 * are kept exactly ({@link ExactScale}); rounded weights take {@link LeakBalance}.
 */
final class IntegratorLeak {
    /** Leaks tried, as decay_u: (decay_u + 1) / 4096 = 1/4096, 2/4096, ..., 1/16. */
    static final int[] DECAYS = {0, 1, 3, 7, 15, 31, 63, 127, 255};
    static final int MAX_DECAY_U = DECAYS[DECAYS.length - 1];
    /** The bias step, 64 chip units, is then 1/128 of a threshold per step. */
    static final double MIN_SCALE = 128.0 * (1 << ChipLimits.WEIGHT_SHIFT);
    /**
     * The smallest scale taken for exactly kept quantized weights: the staggered starts of a
     * neuron's copies (thirds of a threshold) and the rounding of a float bias still need some
     * chip units per threshold.
     */
    static final double EXACT_MIN_SCALE = MIN_SCALE / 64;
    /**
     * The weights' effective RMS rounding error a leak must keep: rounding copies by their sum
     * ({@link WeightRounding}) puts the jet tagger's layers at 0.2-0.3% with leak 32/4096, and
     * a weaker leak that gives that back for the warning limit's 2% measured no better.
     */
    static final double RMS_TARGET = 0.005;
    /** How much worse than at the strongest leak the rounding may be when that misses the warning limit. */
    static final double RMS_SLACK = 1.1;

    /** The outcome of discretizing a block at one leak. */
    interface Trial {
        double scale();

        double weightRmsError();

        /** True when the trial kept quantized weights exactly ({@link ExactScale}). */
        default boolean exact() {
            return false;
        }
    }

    private IntegratorLeak() {}

    /**
     * @param trial discretizes the block at leak decay_u; throws a {@link LoihiException} when
     *              the block does not fit at that leak
     */
    static <T extends Trial> T choose(IntFunction<T> trial) {
        T strongest = trial.apply(MAX_DECAY_U);
        double rmsLimit = Math.max(RMS_TARGET, strongest.weightRmsError() * RMS_SLACK);
        double scaleWanted = Math.min(MIN_SCALE, strongest.scale());
        for (int k = 0; k < DECAYS.length - 1; k++) {
            T t;
            try {
                t = trial.apply(DECAYS[k]);
            } catch (LoihiException tooSmall) {
                // At this leak the scale falls below the smallest threshold: try a stronger one.
                continue;
            }
            // Exact weights need no fine weight steps from a large scale; the leak then costs more.
            boolean scaleOk = t.scale() >= scaleWanted || t.exact() && t.scale() >= EXACT_MIN_SCALE;
            if (scaleOk && t.weightRmsError() <= rmsLimit) {
                return t;
            }
        }
        return strongest;
    }
}
