package dev.loihi.emulator;

import java.util.Arrays;
import java.util.Objects;

/**
 * A host-driven spike source of a raw network: {@code spikeTimes[a]} lists the 1-based steps at
 * which axon {@code a} spikes (a raster in the file is converted to this form).
 */
public record RawInput(String name, int axons, int[][] spikeTimes) {
    public RawInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spikeTimes, "spikeTimes");
    }

    /** An input whose axons never spike. */
    public static RawInput silent(String name, int axons) {
        int[][] times = new int[axons][];
        Arrays.setAll(times, a -> new int[0]);
        return new RawInput(name, axons, times);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawInput i && name.equals(i.name) && axons == i.axons
                && Arrays.deepEquals(spikeTimes, i.spikeTimes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, axons, Arrays.deepHashCode(spikeTimes));
    }

    @Override
    public String toString() {
        return "RawInput[" + name + ", axons=" + axons + "]";
    }
}
