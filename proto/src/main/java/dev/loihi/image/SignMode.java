package dev.loihi.image;

/**
 * Sign mode of a synapse format. In MIXED mode the chip drops the lowest mantissa bit
 * (LOIHI.md: "shift of 1"), so only even mantissas are exact there.
 */
public enum SignMode {
    MIXED, EXCITATORY, INHIBITORY
}
