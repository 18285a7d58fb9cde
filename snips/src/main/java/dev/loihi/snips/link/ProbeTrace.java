package dev.loihi.snips.link;

import dev.loihi.snips.SpikeBitsDescriptor;
import java.util.Arrays;

/**
 * Everything a run read from one output port: spike bits per step (packed as on the wire,
 * {@link SpikeBitsDescriptor}) and/or voltages per step. Two traces are equal when they hold
 * the same values, which is how the link conformance tests compare back ends.
 */
public final class ProbeTrace {
    private final int port;
    private final String name;
    private final int size;
    private final int steps;
    private final int[] spikeBits;
    private final int[] voltage;

    /** {@code spikeBits} and {@code voltage} may be null when that kind was not probed; the arrays are kept, not copied. */
    public ProbeTrace(int port, String name, int size, int steps, int[] spikeBits, int[] voltage) {
        this.port = port;
        this.name = name;
        this.size = size;
        this.steps = steps;
        this.spikeBits = spikeBits;
        this.voltage = voltage;
        if (spikeBits != null && spikeBits.length != (long) steps * SpikeBitsDescriptor.words(size)) {
            throw new IllegalArgumentException("spike bits length " + spikeBits.length + " for steps=" + steps + ", size=" + size);
        }
        if (voltage != null && voltage.length != (long) steps * size) {
            throw new IllegalArgumentException("voltage length " + voltage.length + " for steps=" + steps + ", size=" + size);
        }
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public int steps() {
        return steps;
    }

    public boolean hasSpikes() {
        return spikeBits != null;
    }

    public boolean hasVoltage() {
        return voltage != null;
    }

    public boolean spiked(int step, int index) {
        return SpikeBitsDescriptor.isSet(spikeBits, step * SpikeBitsDescriptor.words(size), index);
    }

    /** Indices that spiked in {@code step}. */
    public int spikeCount(int step) {
        int words = SpikeBitsDescriptor.words(size);
        return SpikeBitsDescriptor.count(spikeBits, step * words, words);
    }

    /** Spikes of every index over the whole run: the rate readout of a classifier. */
    public int[] spikeCountsPerIndex() {
        int[] counts = new int[size];
        int words = SpikeBitsDescriptor.words(size);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < size; i++) {
                if (SpikeBitsDescriptor.isSet(spikeBits, t * words, i)) {
                    counts[i]++;
                }
            }
        }
        return counts;
    }

    public long totalSpikes() {
        return spikeBits == null ? 0 : SpikeBitsDescriptor.count(spikeBits, 0, spikeBits.length);
    }

    public int voltage(int step, int index) {
        return voltage[step * size + index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeTrace t && t.port == port && t.name.equals(name) && t.size == size && t.steps == steps
                && Arrays.equals(t.spikeBits, spikeBits) && Arrays.equals(t.voltage, voltage);
    }

    @Override
    public int hashCode() {
        return (port * 31 + size) * 31 + Arrays.hashCode(spikeBits);
    }

    @Override
    public String toString() {
        return "ProbeTrace[port=" + port + ", name=" + name + ", size=" + size + ", steps=" + steps
                + ", spikes=" + totalSpikes() + ", voltage=" + hasVoltage() + "]";
    }
}
