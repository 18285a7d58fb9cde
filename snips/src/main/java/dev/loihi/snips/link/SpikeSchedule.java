package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import java.util.Arrays;

/**
 * The host spikes of a precompute run, step by step: spike i of step t is
 * ({@link #port(int) port(i)}, {@link #axon(int) axon(i)}) for i in
 * {@link #start(int) start(t)} .. {@link #end(int) end(t)} - 1. Held as flat int arrays, so a
 * run of millions of spikes costs three arrays, not millions of objects.
 */
public final class SpikeSchedule {
    private final int steps;
    private final int[] stepStart;
    private final int[] port;
    private final int[] axon;

    private SpikeSchedule(int steps, int[] stepStart, int[] port, int[] axon) {
        this.steps = steps;
        this.stepStart = stepStart;
        this.port = port;
        this.axon = axon;
    }

    /** A schedule of {@code steps} steps with no spikes. */
    public static SpikeSchedule empty(int steps) {
        return builder(steps).build();
    }

    /**
     * The spikes a host produced step by step, already in step order: those of step t are
     * ({@code port[i]}, {@code axon[i]}) for i in {@code stepStart[t]} .. {@code stepStart[t + 1]} - 1.
     * The arrays are kept, not copied, so a caller that presents input after input can fill the
     * same arrays each time (a schedule built and sorted anew per input cost more than the
     * host's whole share of a step); they may be longer than the spikes in them.
     */
    public static SpikeSchedule inStepOrder(int steps, int[] stepStart, int[] port, int[] axon) {
        if (steps < 0 || stepStart.length < steps + 1 || stepStart[0] != 0) {
            throw new LoihiException(SnipErrors.LINK_BAD_RUN, "schedule step starts do not cover its steps: steps=" + steps
                    + ", starts=" + stepStart.length);
        }
        for (int t = 0; t < steps; t++) {
            if (stepStart[t + 1] < stepStart[t]) {
                throw new LoihiException(SnipErrors.LINK_BAD_RUN, "schedule step starts go back: step=" + t
                        + ", start=" + stepStart[t] + ", next=" + stepStart[t + 1]);
            }
        }
        if (port.length < stepStart[steps] || axon.length < stepStart[steps]) {
            throw new LoihiException(SnipErrors.LINK_BAD_RUN, "schedule holds fewer spikes than its steps start: spikes="
                    + stepStart[steps] + ", ports=" + port.length + ", axons=" + axon.length);
        }
        return new SpikeSchedule(steps, stepStart, port, axon);
    }

    public static Builder builder(int steps) {
        if (steps < 0) {
            throw new LoihiException(SnipErrors.LINK_BAD_RUN, "schedule with negative steps: steps=" + steps);
        }
        return new Builder(steps);
    }

    public int steps() {
        return steps;
    }

    public int start(int step) {
        return stepStart[step];
    }

    public int end(int step) {
        return stepStart[step + 1];
    }

    public int port(int i) {
        return port[i];
    }

    public int axon(int i) {
        return axon[i];
    }

    public int totalSpikes() {
        return stepStart[steps];
    }

    /** Collects spikes in any order; {@link #build()} sorts them by step, keeping their order within a step. */
    public static final class Builder {
        private final int steps;
        private int[] step = new int[256];
        private int[] port = new int[256];
        private int[] axon = new int[256];
        private int size;

        private Builder(int steps) {
            this.steps = steps;
        }

        public Builder add(int atStep, int inputPort, int inputAxon) {
            if (atStep < 0 || atStep >= steps) {
                throw new LoihiException(SnipErrors.LINK_BAD_RUN, "spike outside the schedule: step=" + atStep
                        + ", steps=" + steps);
            }
            if (size == step.length) {
                int n = size * 2;
                step = Arrays.copyOf(step, n);
                port = Arrays.copyOf(port, n);
                axon = Arrays.copyOf(axon, n);
            }
            step[size] = atStep;
            port[size] = inputPort;
            axon[size] = inputAxon;
            size++;
            return this;
        }

        public SpikeSchedule build() {
            int[] start = new int[steps + 1];
            for (int i = 0; i < size; i++) {
                start[step[i] + 1]++;
            }
            for (int t = 0; t < steps; t++) {
                start[t + 1] += start[t];
            }
            int[] next = Arrays.copyOf(start, steps);
            int[] p = new int[size];
            int[] a = new int[size];
            for (int i = 0; i < size; i++) {
                int at = next[step[i]]++;
                p[at] = port[i];
                a[at] = axon[i];
            }
            return new SpikeSchedule(steps, start, p, a);
        }
    }
}
