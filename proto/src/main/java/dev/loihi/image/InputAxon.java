package dev.loihi.image;

import java.util.Arrays;

/**
 * The synapses behind one input axon of a core: a spike on the axon adds
 * {@code weightMants[i] x 2^(6 + exp)} to the q of compartment {@code compartments[i]}.
 * Compartments are in ascending order.
 */
public record InputAxon(int format, int[] compartments, int[] weightMants) {
    public InputAxon {
        if (compartments.length != weightMants.length) {
            throw new IllegalArgumentException("input axon: compartments=" + compartments.length
                    + " != weights=" + weightMants.length);
        }
    }

    public int synapseCount() {
        return compartments.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputAxon a && a.format == format
                && Arrays.equals(a.compartments, compartments) && Arrays.equals(a.weightMants, weightMants);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * format + Arrays.hashCode(compartments)) + Arrays.hashCode(weightMants);
    }

    @Override
    public String toString() {
        return "InputAxon[format=" + format + ", synapses=" + compartments.length + "]";
    }
}
