package dev.loihi.compiler.phase;

import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LevelStaircase} as the compartments of one unit, each firing
 * {@code clamp(floor((P + offset) / threshold), 0, cap)} times in its window (the count the dense
 * phase code's replicas fire, docs/CONVERSION.md "Phase code"), read by the next layer with
 * {@code weight}. Level k is reached at {@code P_k = k g - g/2 + [k odd]} (half to even),
 * {@code k g - g/2} (half up) or {@code k g} (floor). A ramp over levels a+1..a+L takes
 * min(R, L) replicas: replica r counts the levels a+1+r, a+1+r+R, ..., whose P_k step by
 * threshold = g R and share one parity (R even), so one offset serves them all. A step is one
 * compartment with cap 1.
 */
public record StaircaseReplicas(long base, long threshold, long[] offset, int[] cap, long[] weight) {

    public static StaircaseReplicas of(LevelStaircase stairs, long g, GridRounding rounding, int replicas) {
        if (replicas < 2 || replicas % 2 != 0 || g < 2 || g % 2 != 0) {
            throw new IllegalArgumentException("replicas and g must be even and at least 2: " + replicas + ", " + g);
        }
        long threshold = g * replicas;
        List<long[]> parts = new ArrayList<>();
        for (LevelStaircase.Ramp ramp : stairs.ramps()) {
            for (int r = 0; r < Math.min(replicas, ramp.length()); r++) {
                long first = ramp.start() + 1 + r;
                int cap = (ramp.length() - r + replicas - 1) / replicas;
                parts.add(new long[] {threshold - reachedAt(first, g, rounding), cap, 1});
            }
        }
        for (LevelStaircase.Step step : stairs.steps()) {
            parts.add(new long[] {threshold - reachedAt(step.at(), g, rounding), 1, step.weight()});
        }
        long[] offset = new long[parts.size()];
        int[] cap = new int[parts.size()];
        long[] weight = new long[parts.size()];
        for (int c = 0; c < offset.length; c++) {
            offset[c] = parts.get(c)[0];
            cap[c] = (int) parts.get(c)[1];
            weight[c] = parts.get(c)[2];
        }
        return new StaircaseReplicas(stairs.base(), threshold, offset, cap, weight);
    }

    /** The smallest P whose level is at least k. */
    static long reachedAt(long k, long g, GridRounding rounding) {
        return switch (rounding) {
            case FLOOR -> k * g;
            case HALF_UP -> k * g - g / 2;
            case HALF_EVEN -> k * g - g / 2 + (Math.floorMod(k, 2) == 1 ? 1 : 0);
        };
    }

    public int compartments() {
        return offset.length;
    }

    /** Spikes compartment c fires for pre-activation P. */
    public int count(int c, long p) {
        long n = Math.floorDiv(p + offset[c], threshold);
        return (int) Math.max(0, Math.min(cap[c], n));
    }

    /** What the next layer receives: the base plus every compartment's count times its weight. */
    public long value(long p) {
        long v = base;
        for (int c = 0; c < offset.length; c++) {
            v += weight[c] * count(c, p);
        }
        return v;
    }

    /** Steps of the window: the largest cap. */
    public int windowSteps() {
        int w = 1;
        for (int c : cap) {
            w = Math.max(w, c);
        }
        return w;
    }
}
