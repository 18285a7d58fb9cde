package dev.loihi.compiler.phase;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * What a unit sends, as a function of its rounded level n, in parts that spike counts carry
 * exactly (docs/CONVERSION.md, "Phase code for quantized CNNs"): {@code F(n) = base + sum of
 * ramps clip(n - start, 0, length) + sum of steps weight x [n >= at]}. A ramp is a group of
 * replicas (one spike per level, the dense phase code's form); a step is one threshold replica
 * that fires once, read by the next layer with its weight. A ReLU clipped by SAT is one ramp;
 * WRAP keeps the ramp going and adds a step of minus the range at every wrap point (level minus
 * range x [level >= range]). Where F falls level by level (a signed WRAP's fold below zero,
 * under a ReLU) each level is a step of its own, which costs a compartment per level. Built over the levels a layer can reach, so it equals the
 * quantizer chain on that whole domain, not only on the data seen.
 */
public record LevelStaircase(long low, long high, long base, List<Ramp> ramps, List<Step> steps) {
    /** Levels start + 1 .. start + length, one spike each. */
    public record Ramp(long start, int length) {}

    /** One spike when n >= at, worth {@code weight} levels to the next layer. */
    public record Step(long at, long weight) {}

    public LevelStaircase {
        ramps = List.copyOf(ramps);
        steps = List.copyOf(steps);
    }

    /** The parts of {@code f} on the levels low..high: each rise of 1 extends a ramp, any other change is a step. */
    public static LevelStaircase of(LongUnaryOperator f, long low, long high) {
        if (high < low) {
            throw new IllegalArgumentException("empty level range: " + low + ".." + high);
        }
        List<Ramp> ramps = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        long rampStart = 0;
        int rampLength = 0;
        long previous = f.applyAsLong(low);
        for (long n = low + 1; n <= high; n++) {
            long value = f.applyAsLong(n);
            long rise = value - previous;
            previous = value;
            if (rise == 1) {
                if (rampLength == 0) {
                    rampStart = n - 1;
                }
                rampLength++;
                continue;
            }
            if (rise != 0 && rampLength > 0 && n < high && f.applyAsLong(n + 1) - value == 1) {
                // A fold inside a ramp (WRAP): the ramp goes on, a step takes the range back off.
                steps.add(new Step(n, rise - 1));
                rampLength++;
                continue;
            }
            if (rampLength > 0) {
                ramps.add(new Ramp(rampStart, rampLength));
                rampLength = 0;
            }
            if (rise != 0) {
                steps.add(new Step(n, rise));
            }
        }
        if (rampLength > 0) {
            ramps.add(new Ramp(rampStart, rampLength));
        }
        return new LevelStaircase(low, high, f.applyAsLong(low), ramps, steps);
    }

    /** F(n) from the parts: what the next layer receives. */
    public long value(long n) {
        long v = base;
        for (Ramp r : ramps) {
            v += Math.max(0, Math.min(r.length(), n - r.start()));
        }
        for (Step s : steps) {
            v += n >= s.at() ? s.weight() : 0;
        }
        return v;
    }

    /** The smallest and largest value over the domain. */
    public long[] valueRange() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long n = low; n <= high; n++) {
            long v = value(n);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new long[] {min, max};
    }

    /** Compartments per unit with {@code replicas} per ramp (fewer for a shorter ramp) and one per step. */
    public int compartments(int replicas) {
        int n = steps.size();
        for (Ramp r : ramps) {
            n += Math.min(replicas, r.length());
        }
        return n;
    }

    /** Steps of the firing window: the longest ramp's levels over its replicas, at least one. */
    public int windowSteps(int replicas) {
        int w = 1;
        for (Ramp r : ramps) {
            w = Math.max(w, (r.length() + replicas - 1) / replicas);
        }
        return w;
    }

    /** Levels the ramps can send: the most spikes a unit's ramps fire. */
    public int rampLevels() {
        int n = 0;
        for (Ramp r : ramps) {
            n += r.length();
        }
        return n;
    }
}
