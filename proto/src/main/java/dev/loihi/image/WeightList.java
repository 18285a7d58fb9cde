package dev.loihi.image;

import java.util.Arrays;

/**
 * A weight list of a core, shared by the population axons that name it (LOIHI.md, "Population
 * axons"): per atom k a row of synapses, {@code weightMants[k][i]} at compartment
 * {@code base + compartments[k][i]} of the axon that a spike arrives on. Rows are laid out in
 * synapse memory like a discrete axon's synapses (runs of at most 64, ascending compartments, in
 * format {@code format}), and memory holds each list once however many axons share it.
 */
public record WeightList(int format, int[][] compartments, int[][] weightMants) {
    public WeightList {
        if (compartments.length != weightMants.length) {
            throw new IllegalArgumentException("weight list: atoms " + compartments.length + " != " + weightMants.length);
        }
        for (int k = 0; k < compartments.length; k++) {
            if (compartments[k].length != weightMants[k].length) {
                throw new IllegalArgumentException("weight list: atom " + k + " has " + compartments[k].length
                        + " compartments and " + weightMants[k].length + " weights");
            }
        }
    }

    public int atoms() {
        return compartments.length;
    }

    public int synapseCount() {
        int n = 0;
        for (int[] row : compartments) {
            n += row.length;
        }
        return n;
    }

    /** The largest compartment offset of any row, -1 when the list is empty. */
    public int maxCompartment() {
        int max = -1;
        for (int[] row : compartments) {
            for (int c : row) {
                max = Math.max(max, c);
            }
        }
        return max;
    }

    /** Synapse memory bits: each atom row costs what a discrete axon with its synapses would (SynapseMemory). */
    public long bits(SynapseFormat f) {
        long bits = 0;
        for (int[] row : compartments) {
            bits += SynapseMemory.axonBits(row.length, f);
        }
        return bits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightList l && l.format == format && Arrays.deepEquals(l.compartments, compartments)
                && Arrays.deepEquals(l.weightMants, weightMants);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * format + Arrays.deepHashCode(compartments)) + Arrays.deepHashCode(weightMants);
    }

    @Override
    public String toString() {
        return "WeightList[format=" + format + ", atoms=" + compartments.length + "]";
    }
}
