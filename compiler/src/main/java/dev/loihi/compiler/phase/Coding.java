package dev.loihi.compiler.phase;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import java.util.Locale;

/**
 * How a Keras model's values become spikes: RATE (how often a neuron fires over the
 * presentation, docs/CONVERSION.md), PHASE (exact counts in timed windows, for models whose
 * hidden activations are fixed-grid quantized ReLUs, "Phase code"), or AUTO: PHASE where the
 * model allows it, else RATE.
 */
public enum Coding {
    AUTO, RATE, PHASE;

    /** The coding named {@code name} (any case), for the {@code --coding} option. */
    public static Coding parse(String name) {
        for (Coding c : values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, "unknown coding: key=coding, value=" + name
                + ", expected=auto, rate or phase");
    }

    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
