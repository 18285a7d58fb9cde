package dev.loihi.compiler.discretize;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.ChipLimits;

/**
 * The compartment profile of an ensemble: decays and refractory delay from its float time
 * constants at dt = 1 ms (LOIHI.md, "From float neurons to chip integers").
 *
 * <p>SUBTRACTIVE_RELU turns the roles around: u is the integrator (its decay_u is the small
 * leak {@link IntegratorLeak} picks, set with {@link #withDecayU}) and v only mirrors u + bias
 * for the threshold test (decay_v = 4095 leaves |v| >> 12 of the previous step).
 *
 * @param inputGain the chip's DC gain of the current filter, (decayU + 1) / 4096: u sums a
 *                  constant q to q / inputGain, so weights are multiplied by it to keep a
 *                  spike's total charge at its float weight whatever the synapse tau; 1 where
 *                  u follows q; for a SUBTRACTIVE_RELU integrator, the leak's
 *                  {@link LeakCompensation#gain}
 */
public record BlockDynamics(int decayU, int decayV, int refractDelay, double inputGain) {
    public static final double DT_SECONDS = 0.001;

    /** @param synapseTau the shared synapse time constant of the ensemble's inputs, 0 for none */
    public static BlockDynamics of(Ensemble ensemble, double synapseTau) {
        NeuronType type = ensemble.type();
        if (type == NeuronType.SUBTRACTIVE_RELU) {
            return new BlockDynamics(0, ChipLimits.DECAY_MAX, ChipLimits.REFRACT_MIN, 1.0);
        }
        // A readout's u must hold only this step's input, so any synapse filter is dropped.
        boolean unfiltered = type == NeuronType.READOUT || type == NeuronType.ALWAYS_ON || synapseTau == 0;
        int decayU = unfiltered ? ChipLimits.DECAY_MAX : decayU(synapseTau);
        int decayV = switch (type) {
            case SPIKING_RELU -> 0;
            case LIF -> decayV(ensemble);
            case CUBA_LIF -> cubaDecayV(ensemble);
            // Clears v down to |v| >> 12 each step; the host removes that carry (see Packer metadata).
            case READOUT, ALWAYS_ON, SUBTRACTIVE_RELU -> ChipLimits.DECAY_MAX;
        };
        boolean refractory = type == NeuronType.LIF || type == NeuronType.SPIKING_RELU;
        int refract = refractory ? refractDelay(ensemble) : ChipLimits.REFRACT_MIN;
        return new BlockDynamics(decayU, decayV, refract, (decayU + 1) / (double) ChipLimits.DECAY_ONE);
    }

    /**
     * The same profile with the integrator leak {@code decayU} (SUBTRACTIVE_RELU), its inputs
     * multiplied by {@link LeakCompensation#gain} when {@code compensated}.
     */
    BlockDynamics withDecayU(int leakDecayU, boolean compensated) {
        return new BlockDynamics(leakDecayU, decayV, refractDelay,
                compensated ? LeakCompensation.gain(leakDecayU) : inputGain);
    }

    /** The chip adds 1 back to decay_u (offset 1 in LOIHI.md's decay), so store d x 4095 - 1. */
    static int decayU(double tau) {
        double d = -Math.expm1(-DT_SECONDS / tau);
        return (int) Math.max(0, Math.min(ChipLimits.DECAY_MAX, Math.rint(d * ChipLimits.DECAY_MAX - 1)));
    }

    private static int decayV(Ensemble e) {
        if (!Double.isFinite(e.tauRc())) {
            throw new LoihiException(CompilerErrors.DISCRETIZE_NONFINITE, "LIF membrane time constant is not finite: ensemble="
                    + e.name() + ", tauRc=" + e.tauRc());
        }
        if (e.tauRc() <= 0) {
            throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "LIF membrane time constant must be positive: ensemble="
                    + e.name() + ", tauRc=" + e.tauRc() + ", min=0 (exclusive)");
        }
        return (int) Math.rint(-Math.expm1(-DT_SECONDS / e.tauRc()) * ChipLimits.DECAY_MAX);
    }

    /** NIR's leaks include the two ends: no leak at all (IF) and v cleared every step (Threshold). */
    private static int cubaDecayV(Ensemble e) {
        if (e.tauRc() == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (e.tauRc() == 0) {
            return ChipLimits.DECAY_MAX;
        }
        return decayV(e);
    }

    private static int refractDelay(Ensemble e) {
        if (!Double.isFinite(e.tauRef())) {
            throw new LoihiException(CompilerErrors.DISCRETIZE_NONFINITE, "refractory period is not finite: ensemble="
                    + e.name() + ", tauRef=" + e.tauRef());
        }
        double steps = Math.rint(e.tauRef() / DT_SECONDS) + 1;
        if (steps < ChipLimits.REFRACT_MIN || steps > ChipLimits.REFRACT_MAX) {
            throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "refractory delay out of range: ensemble=" + e.name()
                    + ", tauRef=" + e.tauRef() + ", delaySteps=" + (long) steps + ", min=" + ChipLimits.REFRACT_MIN
                    + ", max=" + ChipLimits.REFRACT_MAX);
        }
        return (int) steps;
    }
}
