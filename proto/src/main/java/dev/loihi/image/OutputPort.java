package dev.loihi.image;

import java.util.Arrays;

/**
 * A group of compartments the host reads, in order: output i is compartment
 * {@code compartment[i]} of core {@code core[i]}. {@code kind} says what is read.
 */
public record OutputPort(String name, Kind kind, int[] core, int[] compartment) {
    /** SPIKES: spike bits each step; VOLTAGE: v at the end of each step (non-spiking readout). */
    public enum Kind { SPIKES, VOLTAGE }

    public OutputPort {
        if (core.length != compartment.length) {
            throw new IllegalArgumentException("output " + name + ": core and compartment lists differ in length");
        }
    }

    public int size() {
        return core.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputPort p && name.equals(p.name) && kind == p.kind
                && Arrays.equals(core, p.core) && Arrays.equals(compartment, p.compartment);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return "OutputPort[" + name + ", " + kind + ", size=" + core.length + "]";
    }
}
