package dev.loihi.compiler.discretize;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;

/**
 * A SUBTRACTIVE_RELU block's current u sized for 1 / {@code factor} of its worst case, at the
 * integrator leak {@code decayU} held as it was chosen under the full bound. The worst case
 * (every excitatory pre neuron spiking every step of the presentation, no inhibitory one) sets
 * the scale, and so the weights' precision; what calibration inputs really drive u to is far
 * below it, and the calibration search measures it on the emulator to choose the factor
 * (docs/CONVERSION.md, "u sized from calibration peaks"). Without a guarantee: an input that
 * drives u past the measured peak times the margin kept wraps it, which the emulator reports as
 * an overflow warning.
 */
public record Headroom(int decayU, int factor) {
    /** The largest factor: 2^3, three bits of weight precision. */
    public static final int MAX_FACTOR = 8;
    /** How the bound on u starts its name in {@link LayerPrecision#bindingLimit}. */
    public static final String CURRENT_U = "current u";

    public Headroom {
        if (decayU < 0 || decayU > IntegratorLeak.MAX_DECAY_U) {
            throw new LoihiException(CompilerErrors.OPTIONS_INVALID, "compile option out of range: key=headroom.decayU, value="
                    + decayU + ", min=0, max=" + IntegratorLeak.MAX_DECAY_U);
        }
        if (factor < 1 || factor > MAX_FACTOR || Integer.bitCount(factor) != 1) {
            throw new LoihiException(CompilerErrors.OPTIONS_INVALID, "compile option out of range: key=headroom.factor, value="
                    + factor + ", allowed=a power of two from 1 to " + MAX_FACTOR);
        }
    }
}
