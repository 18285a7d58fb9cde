package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.ChipLimits;

/**
 * Spikes per step of one compartment under a constant input current (float threshold units per
 * step), in the chip's per-step model: v grows by the input each step (leaking by decay_v for
 * LIF), spikes once above 1, then stays at 0 for refractDelay - 1 steps. SUBTRACTIVE_RELU keeps
 * the excess, ALWAYS_ON fires every step.
 */
final class FiringRate {
    private FiringRate() {}

    static double of(NeuronType type, double current, int decayV, int refractDelay) {
        if (type == NeuronType.ALWAYS_ON) {
            return 1;
        }
        if (type == NeuronType.READOUT || !(current > 0)) {
            return 0;
        }
        if (type == NeuronType.SUBTRACTIVE_RELU) {
            // Reset by subtraction loses nothing: the rate is the drive, up to one spike a step.
            return Math.min(1, current);
        }
        double leak = decayV / (double) ChipLimits.DECAY_ONE;
        double stepsToSpike;
        if (leak == 0) {
            // v = t x current must exceed 1 (strictly).
            stepsToSpike = Math.floor(1 / current) + 1;
        } else {
            // v_t = (current / leak)(1 - (1 - leak)^t) approaches current / leak.
            double ceiling = current / leak;
            if (ceiling <= 1) {
                return 0;
            }
            stepsToSpike = Math.floor(Math.log1p(-1 / ceiling) / Math.log1p(-leak)) + 1;
        }
        return 1 / (stepsToSpike + refractDelay - 1);
    }
}
