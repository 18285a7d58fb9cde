package dev.loihi.image;

import java.util.Arrays;

/**
 * One input axon of a core. A discrete axon ({@code popType} 0) holds its own synapses: a spike
 * adds {@code weightMants[i] x 2^(6 + exp)} to the q of compartment {@code compartments[i]},
 * in ascending order. A population axon ({@code popType} 16 or 32, LOIHI.md "Population axons")
 * holds none: a spike with atom k adds row k of the core's weight list {@code list} at
 * compartments {@code base + index}; base -1 marks an unused axon. Population axons have
 * format -1 and empty arrays (the list has the format).
 */
public record InputAxon(int format, int[] compartments, int[] weightMants, int popType, int list, int base) {
    public static final int DISCRETE = 0;
    public static final int POP16 = 16;
    public static final int POP32 = 32;

    public InputAxon {
        if (compartments.length != weightMants.length) {
            throw new IllegalArgumentException("input axon: compartments=" + compartments.length
                    + " != weights=" + weightMants.length);
        }
    }

    /** A discrete axon with its synapses. */
    public InputAxon(int format, int[] compartments, int[] weightMants) {
        this(format, compartments, weightMants, DISCRETE, -1, -1);
    }

    /** A population axon reading weight list {@code list} at compartment {@code base} (-1: unused). */
    public static InputAxon population(int popType, int list, int base) {
        return new InputAxon(-1, new int[0], new int[0], popType, list, base);
    }

    public boolean isPopulation() {
        return popType != DISCRETE;
    }

    /** Synapses of a discrete axon (0 for a population axon: its list holds them). */
    public int synapseCount() {
        return compartments.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputAxon a && a.format == format && a.popType == popType && a.list == list
                && a.base == base && Arrays.equals(a.compartments, compartments)
                && Arrays.equals(a.weightMants, weightMants);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * format + popType * 7 + list * 3 + base) + Arrays.hashCode(compartments))
                + Arrays.hashCode(weightMants);
    }

    @Override
    public String toString() {
        return isPopulation() ? "InputAxon[pop" + popType + ", list=" + list + ", base=" + base + "]"
                : "InputAxon[format=" + format + ", synapses=" + compartments.length + "]";
    }
}
