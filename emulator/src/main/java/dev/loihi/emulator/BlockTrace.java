package dev.loihi.emulator;

import java.util.Arrays;

/**
 * What one block did over a run: per compartment, the 1-based steps at which it spiked and its
 * voltage and current at the end of every step ({@code voltage[c][t-1]} is v after step t).
 */
public record BlockTrace(int[][] spikeTimes, int[][] voltage, int[][] current) {

    public int compartments() {
        return spikeTimes.length;
    }

    public int[] spikeCounts() {
        int[] counts = new int[spikeTimes.length];
        for (int c = 0; c < counts.length; c++) {
            counts[c] = spikeTimes[c].length;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockTrace b && Arrays.deepEquals(spikeTimes, b.spikeTimes)
                && Arrays.deepEquals(voltage, b.voltage) && Arrays.deepEquals(current, b.current);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(spikeTimes) * 31 + Arrays.deepHashCode(voltage);
    }

    @Override
    public String toString() {
        return "BlockTrace[compartments=" + spikeTimes.length + "]";
    }
}
