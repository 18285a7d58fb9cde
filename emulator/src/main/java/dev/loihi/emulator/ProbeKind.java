package dev.loihi.emulator;

/** What a {@link Probes} records each step for its compartments. */
public enum ProbeKind {
    /** The steps at which a compartment spiked. */
    SPIKES,
    /** v at the end of each step (0 on a spike step and while refractory). */
    VOLTAGE,
    /** u at the end of each step (without the bias). */
    CURRENT
}
