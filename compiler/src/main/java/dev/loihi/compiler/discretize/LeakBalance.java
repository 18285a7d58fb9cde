package dev.loihi.compiler.discretize;

import dev.loihi.common.LoihiException;
import dev.loihi.image.ChipLimits;
import java.util.function.IntFunction;

/**
 * Picks the integrator leak of a SUBTRACTIVE_RELU block whose weights are rounded (not kept
 * exactly) by weighing what each leak costs against what its scale costs, both as an error in
 * one step's drive, in thresholds (docs/CONVERSION.md, "The conv jet tagger (fourth pass)"):
 *
 * <ul>
 *   <li>the leak: a drive below about half the leak, a / 2 with a = (decay_u + 1) / 4096, never
 *       fires (the dead zone; {@link LeakCompensation} gives back what it takes above that);</li>
 *   <li>the weights: their rounding errors at the scale the no-wrap bound allows at that leak
 *       ({@link ScaleSearch#integratorNeed}), each weighed by its pre neurons' rate measured on
 *       the calibration inputs (every pre neuron spiking, the bound's worst case, where none was
 *       measured), the errors of a neuron's inputs summed as independent ones;</li>
 *   <li>the bias: its rounding error, which arrives every step.</li>
 * </ul>
 *
 * The leak with the smallest sum wins. A weaker leak means a smaller scale, so the leak term
 * falls and the rounding terms rise; a wide fan-in (many thresholds of input in one step) pushes
 * the balance toward a stronger leak. Leaks at which the block does not fit are skipped; the
 * search stops once the leak term alone exceeds the best sum, since it only grows.
 *
 * <p>Measured rates make rounding cheap where the calibration inputs are sparse, but other inputs
 * may drive the pre neurons harder: a leak whose weights lose more than the warning limit
 * ({@link Discretizer#PRECISION_WARNING_RMS}) is not taken while a stronger one fits (on the
 * MNIST-like CNN the rates alone moved conv2 from 3.9% to 7.8%, docs/CONVERSION.md).
 */
public final class LeakBalance {
    /** The strongest leak the chip offers, in 1/4096 per step: decay_u 255. */
    public static final int STRONGEST_LEAK = IntegratorLeak.MAX_DECAY_U + 1;

    /** The outcome of discretizing a block at one leak, with its rounding errors per step. */
    interface Trial extends IntegratorLeak.Trial {
        int decayU();

        /** RMS over neurons of the weights' rounding error in one step's drive at the pre neurons' rates, thresholds. */
        double weightDriveError();

        /** RMS over neurons of the bias's rounding error per step, thresholds. */
        double biasDriveError();
    }

    private LeakBalance() {}

    /** The dead zone's half-width at leak decay_u, thresholds per step. */
    static double leakError(int decayU) {
        return (decayU + 1) / (2.0 * ChipLimits.DECAY_ONE);
    }

    static double error(Trial t) {
        return leakError(t.decayU()) + t.weightDriveError() + t.biasDriveError();
    }

    /** Whether {@code leak} (in 1/4096 per step) is one the balance tries. */
    public static boolean offers(int leak) {
        for (int decayU : IntegratorLeak.DECAYS) {
            if (decayU + 1 == leak) {
                return true;
            }
        }
        return false;
    }

    static <T extends Trial> T choose(IntFunction<T> trial) {
        return choose(trial, 0);
    }

    /**
     * @param trial discretizes the block at leak decay_u; throws a {@link LoihiException} when
     *              the block does not fit at that leak
     * @param floor the weakest leak tried, in 1/4096 per step (0: all): on some conv models a
     *              stronger leak at a larger scale is worth more than the balance's model of its
     *              cost says, on others less, so the calibration search measures it per model
     */
    static <T extends Trial> T choose(IntFunction<T> trial, int floor) {
        T best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (int decayU : IntegratorLeak.DECAYS) {
            if (decayU + 1 < floor) {
                continue;
            }
            if (leakError(decayU) >= bestError) {
                break;
            }
            T t;
            try {
                t = trial.apply(decayU);
            } catch (LoihiException tooSmall) {
                continue;
            }
            if (t.weightRmsError() > Discretizer.PRECISION_WARNING_RMS) {
                continue;
            }
            double error = error(t);
            if (error < bestError) {
                best = t;
                bestError = error;
            }
        }
        // A block that fits at no leak fails with the strongest leak's error; one that keeps its
        // weights within the limit at none takes the strongest, the finest scale.
        return best != null ? best : trial.apply(IntegratorLeak.MAX_DECAY_U);
    }
}
