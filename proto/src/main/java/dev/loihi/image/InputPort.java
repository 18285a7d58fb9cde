package dev.loihi.image;

import java.util.Arrays;

/**
 * A spike source driven by the host, with {@code axons} axons. A host spike on axon a is
 * delivered to input axon {@code targetAxon[i]} of core {@code targetCore[i]} for every i in
 * {@code targetStart[a] .. targetStart[a+1]-1}.
 */
public record InputPort(String name, int axons, int[] targetStart, int[] targetCore, int[] targetAxon) {
    public InputPort {
        if (targetStart.length != axons + 1 || targetCore.length != targetAxon.length
                || targetStart[axons] != targetCore.length) {
            throw new IllegalArgumentException("input " + name + ": malformed target table");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputPort p && name.equals(p.name) && axons == p.axons
                && Arrays.equals(targetStart, p.targetStart) && Arrays.equals(targetCore, p.targetCore)
                && Arrays.equals(targetAxon, p.targetAxon);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + axons;
    }

    @Override
    public String toString() {
        return "InputPort[" + name + ", axons=" + axons + "]";
    }
}
