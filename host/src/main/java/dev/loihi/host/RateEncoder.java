package dev.loihi.host;

import dev.loihi.compiler.phase.PhaseArithmetic;

/**
 * Turns one input vector into host spikes, on/off rate coding (docs/CONVERSION.md): feature k
 * has {@code copies} axons per sign; copy c of sign s (0 for max(x_k, 0), 1 for max(-x_k, 0))
 * is axon (2k + s) x copies + c and fires at rate |x_k| / scale, capped at one spike per step.
 * Each axon has an accumulator that starts at (c + 1/2) / copies and spikes whenever it
 * reaches one: one copy gives round(r x steps) spikes, evenly spread, and the staggered copies
 * together resolve the rate to 1 / copies of a spike. The same input always gives the same spikes.
 * With a window (a phase-coded image) it sends only in the first {@code windowSteps} steps of a
 * presentation, round(|x_k| / scale x copies x windowSteps) spikes per feature (Hermite's
 * identity over the staggered starts).
 */
public final class RateEncoder {
    private final double scale;
    private final int copies;
    private final double[] rate;
    private final double[] accumulator;
    /**
     * The axons with a rate above 0, ascending: at most half of them (one sign per feature), and
     * the others' accumulators, starting below one, never fire, so each step visits only these.
     */
    private final int[] firing;
    private int firingCount;
    /** Rate and accumulator of firing[f] at f: read in order, not through the axon's index. */
    private final double[] firingRate;
    private final double[] firingAccumulator;
    /** 1 where firing[f] fires at this step, else 0: written by the first pass of {@link #next(int[], int)}. */
    private final double[] fired;

    /** Steps input is sent in, 0 for every step. */
    private final int windowSteps;
    private int step;

    public RateEncoder(int features, double scale, int copies) {
        this(features, scale, copies, 0);
    }

    public RateEncoder(int features, double scale, int copies, int windowSteps) {
        this.windowSteps = windowSteps;
        this.scale = scale;
        this.copies = copies;
        this.rate = new double[2 * features * copies];
        this.accumulator = new double[2 * features * copies];
        this.firing = new int[2 * features * copies];
        this.firingRate = new double[firing.length];
        this.firingAccumulator = new double[firing.length];
        this.fired = new double[firing.length];
    }

    public int axons() {
        return rate.length;
    }

    /** Starts a new presentation of {@code x}; returns how many of its features are non-zero. */
    public int present(double[] x) {
        step = 0;
        int active = 0;
        for (int k = 0; k < x.length; k++) {
            double r = windowSteps > 0 ? windowRate(x[k]) : Math.min(1.0, Math.abs(x[k]) / scale);
            for (int c = 0; c < copies; c++) {
                int on = 2 * k * copies + c;
                int off = on + copies;
                rate[on] = x[k] > 0 ? r : 0;
                rate[off] = x[k] < 0 ? r : 0;
                accumulator[on] = (c + 0.5) / copies;
                accumulator[off] = (c + 0.5) / copies;
            }
            if (r > 0) {
                active++;
            }
        }
        firingCount = 0;
        for (int a = 0; a < rate.length; a++) {
            if (rate[a] > 0) {
                firingRate[firingCount] = rate[a];
                firingAccumulator[firingCount] = accumulator[a];
                firing[firingCount++] = a;
            }
        }
        return active;
    }

    /**
     * In a window the count is decided first, the plan's own ({@link PhaseArithmetic#count}, step
     * = scale / levels, levels = copies x windowSteps), and the rate is count / levels: |x| /
     * scale, rounded in the division, could land a hair on the wrong side of a midpoint (one ulp
     * below it counted up).
     */
    private double windowRate(double x) {
        int levels = copies * windowSteps;
        return Math.abs(PhaseArithmetic.count(x, scale / levels, levels)) / (double) levels;
    }

    /** Writes the axons that spike at the next step into {@code axonsOut}; returns their count. */
    public int next(int[] axonsOut) {
        return next(axonsOut, 0);
    }

    /**
     * As {@link #next(int[])}, writing from {@code axonsOut[from]} on: one array can hold a whole
     * presentation. With room there for {@link #axons()} the slots past the count may be overwritten.
     */
    public int next(int[] axonsOut, int from) {
        if (windowSteps > 0 && step++ >= windowSteps) {
            return 0;
        }
        int n = from;
        if (axonsOut.length - from < firingCount) {
            for (int f = 0; f < firingCount; f++) {
                double acc = firingAccumulator[f] + firingRate[f];
                if (acc >= 1.0) {
                    acc -= 1.0;
                    axonsOut[n++] = firing[f];
                }
                firingAccumulator[f] = acc;
            }
            return n - from;
        }
        // Without a branch a firing axon: whether one fires follows no pattern the processor
        // predicts, and the mispredictions were most of the encoder's time (about 370 ns of a
        // jet-tagger step). An accumulator is in [0, 2) after the add (rates are at most 1), so
        // floor(acc) is 1 exactly when it fires, and acc - floor(acc) is acc - 1.0 or acc, as above.
        // Two passes, the arithmetic (no dependence from axon to axon) and then the listing: faster
        // than one (scratch timing, about 160 against 260 ns for 64 axons).
        for (int f = 0; f < firingCount; f++) {
            double acc = firingAccumulator[f] + firingRate[f];
            double whole = Math.floor(acc);
            firingAccumulator[f] = acc - whole;
            fired[f] = whole;
        }
        for (int f = 0; f < firingCount; f++) {
            axonsOut[n] = firing[f];
            n += (int) fired[f];
        }
        return n - from;
    }
}
