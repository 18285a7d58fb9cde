package dev.loihi.emulator;

import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Records spikes, voltage and current of chosen compartments after every step, from the step
 * after it was attached ({@link Emulator#probe}) until {@link #close()}. Buffers grow by
 * doubling; give the expected number of steps when attaching to avoid any growth while
 * stepping. An emulator without probes pays nothing for them.
 */
public final class Probes {
    private final Emulator owner;
    private final int[] cores;
    private final int[] compartments;
    private final int[] global;
    /** Probe index of each global compartment, or -1; null when the probe watches all in order. */
    private final int[] indexOf;
    private final boolean spikes;
    private final boolean voltage;
    private final boolean current;
    private int firstStep;
    private int steps;
    private int[] voltageBuf;
    private int[] currentBuf;
    private int[] spikeStep = new int[64];
    private int[] spikeIndex = new int[64];
    private int spikeCount;
    private boolean closed;

    Probes(Emulator owner, int[] cores, int[] compartments, int[] global, int[] indexOf, Set<ProbeKind> kinds,
           int firstStep, int expectedSteps) {
        this.owner = owner;
        this.cores = cores;
        this.compartments = compartments;
        this.global = global;
        this.indexOf = indexOf;
        this.spikes = kinds.contains(ProbeKind.SPIKES);
        this.voltage = kinds.contains(ProbeKind.VOLTAGE);
        this.current = kinds.contains(ProbeKind.CURRENT);
        this.firstStep = firstStep;
        int capacity = (int) Math.min((long) Math.max(expectedSteps, 1) * global.length, Integer.MAX_VALUE - 8);
        voltageBuf = voltage ? new int[capacity] : new int[0];
        currentBuf = current ? new int[capacity] : new int[0];
    }

    /** Number of probed compartments. */
    public int size() {
        return global.length;
    }

    public int core(int k) {
        return cores[k];
    }

    public int compartment(int k) {
        return compartments[k];
    }

    public Set<ProbeKind> kinds() {
        EnumSet<ProbeKind> kinds = EnumSet.noneOf(ProbeKind.class);
        if (spikes) {
            kinds.add(ProbeKind.SPIKES);
        }
        if (voltage) {
            kinds.add(ProbeKind.VOLTAGE);
        }
        if (current) {
            kinds.add(ProbeKind.CURRENT);
        }
        return kinds;
    }

    /** Steps recorded so far. */
    public int steps() {
        return steps;
    }

    /** The emulator step number (1-based) of the first recorded step. */
    public int firstStep() {
        return firstStep;
    }

    /** v of probed compartment {@code k} after recorded step {@code stepIndex} (0-based). */
    public int voltage(int k, int stepIndex) {
        require(voltage, ProbeKind.VOLTAGE);
        return voltageBuf[checkStep(stepIndex) * global.length + k];
    }

    /** u of probed compartment {@code k} after recorded step {@code stepIndex} (0-based). */
    public int current(int k, int stepIndex) {
        require(current, ProbeKind.CURRENT);
        return currentBuf[checkStep(stepIndex) * global.length + k];
    }

    /** Per probed compartment, v after each recorded step. */
    public int[][] voltages() {
        require(voltage, ProbeKind.VOLTAGE);
        return series(voltageBuf);
    }

    /** Per probed compartment, u after each recorded step. */
    public int[][] currents() {
        require(current, ProbeKind.CURRENT);
        return series(currentBuf);
    }

    /** Per probed compartment, the step numbers (1-based, as {@link Emulator#stepCount()}) at which it spiked. */
    public int[][] spikeSteps() {
        require(spikes, ProbeKind.SPIKES);
        int[] counts = new int[global.length];
        for (int s = 0; s < spikeCount; s++) {
            counts[spikeIndex[s]]++;
        }
        int[][] out = new int[global.length][];
        for (int k = 0; k < out.length; k++) {
            out[k] = new int[counts[k]];
        }
        Arrays.fill(counts, 0);
        for (int s = 0; s < spikeCount; s++) {
            int k = spikeIndex[s];
            out[k][counts[k]++] = spikeStep[s];
        }
        return out;
    }

    /** Drops what was recorded; recording goes on from the next step. */
    public void clear() {
        steps = 0;
        spikeCount = 0;
        firstStep = (int) owner.stepCount() + 1;
    }

    /** Stops recording; what was recorded stays readable. */
    public void close() {
        if (!closed) {
            closed = true;
            owner.detach(this);
        }
    }

    void record(NetworkRuntime rt) {
        int n = global.length;
        if (voltage || current) {
            int needed = (steps + 1) * n;
            if (voltage) {
                if (needed > voltageBuf.length) {
                    voltageBuf = Arrays.copyOf(voltageBuf, grow(needed, voltageBuf.length));
                }
                gather(rt.vState(), voltageBuf, steps * n);
            }
            if (current) {
                if (needed > currentBuf.length) {
                    currentBuf = Arrays.copyOf(currentBuf, grow(needed, currentBuf.length));
                }
                gather(rt.uState(), currentBuf, steps * n);
            }
        }
        if (spikes) {
            int step = (int) rt.stepCount;
            for (int s = 0, count = rt.stepSpikeCount; s < count; s++) {
                int fired = rt.stepSpike(s);
                int k = indexOf == null ? fired : indexOf[fired];
                if (k >= 0) {
                    if (spikeCount == spikeStep.length) {
                        spikeStep = Arrays.copyOf(spikeStep, spikeCount * 2);
                        spikeIndex = Arrays.copyOf(spikeIndex, spikeCount * 2);
                    }
                    spikeStep[spikeCount] = step;
                    spikeIndex[spikeCount++] = k;
                }
            }
        }
        steps++;
    }

    private void gather(IntBuffer state, int[] buf, int at) {
        if (indexOf == null) {
            state.get(0, buf, at, global.length);
        } else {
            for (int k = 0; k < global.length; k++) {
                buf[at + k] = state.get(global[k]);
            }
        }
    }

    private static int grow(int needed, int current) {
        return (int) Math.min(Math.max((long) needed, (long) current * 2), Integer.MAX_VALUE - 8);
    }

    private int[][] series(int[] buf) {
        int n = global.length;
        int[][] out = new int[n][steps];
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < n; k++) {
                out[k][t] = buf[t * n + k];
            }
        }
        return out;
    }

    private int checkStep(int stepIndex) {
        if (stepIndex < 0 || stepIndex >= steps) {
            throw new IndexOutOfBoundsException("step index " + stepIndex + " of " + steps + " recorded");
        }
        return stepIndex;
    }

    private static void require(boolean recorded, ProbeKind kind) {
        if (!recorded) {
            throw new IllegalStateException("this probe does not record " + kind);
        }
    }
}
