package dev.loihi.emulator.server;

import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.OverflowPolicy;
import dev.loihi.snips.link.SpikeSchedule;

import java.util.Arrays;

/**
 * The host spikes of one step of a one-chip run, as the direct path injects them: what the board
 * injects for each (its ingress group's axon, or its core axons one by one) in arrival order, and
 * the chip spikes they become, for the channel's counts; or that the protocol must run the step
 * (an axon it refuses, or one twice in the step). Host axons of every port are numbered in one
 * range, so that a spike costs a few reads of small flat tables; a step whose axons come in
 * ascending order (as the rate encoder lists them) has no repeat, and only another step is
 * looked at for one. A step over the cap under the split policy is counted as the channel counts
 * its packets; the board holds all of a step's packets and injects them at once, as one.
 */
final class OneChipSteps {
    /** [port]: the number of the port's first host axon; [ports]: all host axons. */
    private final int[] base;
    /** [host axon]: chip spikes it becomes, or -1 when the protocol refuses it. */
    private final int[] cost;
    /** [host axon .. + 1]: range into {@link #injected}. */
    private final int[] first;
    private final int[] injected;
    /** [host axon]: the one axon injected for it, or -1 when it injects none or several (the loop in {@link #spikes}). */
    private final int[] single;
    /** [host axon]: the step (1-based, per run) it last spiked in, for steps not in ascending order. */
    private final int[] seen;
    private final int mostInjected;
    private int[] stepAxons = new int[16];
    private int stepAxonCount;
    /** The run's channel counts so far. */
    private long sent;
    private long packets;
    private int peak;
    private int multiPacketSteps;

    /**
     * @param start  [port][axon .. + 1]: range into {@code axons}, ports one after another
     * @param spikes [port][axon]: chip spikes the host spike becomes
     * @param direct [port][axon]: false when the protocol refuses the axon
     */
    OneChipSteps(int[][] start, int[][] spikes, boolean[][] direct, int[] axons) {
        base = new int[start.length + 1];
        for (int p = 0; p < start.length; p++) {
            base[p + 1] = base[p] + direct[p].length;
        }
        int all = base[start.length];
        cost = new int[all];
        first = new int[all + 1];
        int most = 0;
        for (int p = 0; p < start.length; p++) {
            for (int h = 0; h < direct[p].length; h++) {
                int g = base[p] + h;
                cost[g] = direct[p][h] ? spikes[p][h] : -1;
                first[g] = start[p][h];
                first[g + 1] = start[p][h + 1];
                most = Math.max(most, start[p][h + 1] - start[p][h]);
            }
        }
        injected = axons;
        single = new int[all];
        for (int g = 0; g < all; g++) {
            single[g] = first[g + 1] - first[g] == 1 ? axons[first[g]] : -1;
        }
        seen = new int[all];
        mostInjected = most;
    }

    /** Forgets the run before: which axons spiked (steps count from 1 in each run) and the channel's counts. */
    void startRun() {
        Arrays.fill(seen, 0);
        sent = 0;
        packets = 0;
        peak = 0;
        multiPacketSteps = 0;
    }

    /**
     * Step {@code t}'s host spikes (steps in order from {@link #startRun}): the axons to inject
     * into {@link #axons()}, {@link #count()} of them, counted as {@code channel} would send
     * them; false when the protocol must run the step (a repeat, an axon it refuses, a step over
     * the cap under a policy other than split).
     */
    boolean step(SpikeSchedule input, int t, ChannelConfig channel) {
        int n = spikes(input, t);
        if (n < 0) {
            return false;
        }
        int cap = channel.maxSpikesPerStep();
        if (n > cap) {
            if (channel.policy() != OverflowPolicy.SPLIT) {
                return false;
            }
            packets += (n + cap - 1) / cap;
            multiPacketSteps++;
        } else {
            packets++;
        }
        sent += n;
        peak = Math.max(peak, n);
        return true;
    }

    /** The channel's report of the steps so far (all of them sent and delivered; spikes received left at 0). */
    ChannelReport report(int steps, SpikeSchedule input) {
        return new ChannelReport(steps, input.totalSpikes(), sent, 0, sent, 0, packets, peak, multiPacketSteps,
                multiPacketSteps);
    }

    /** Step {@code t}'s axons to inject into {@link #stepAxons}, and the chip spikes they become; -1 for the protocol. */
    private int spikes(SpikeSchedule input, int t) {
        int from = input.start(t);
        int end = input.end(t);
        if ((long) (end - from) * mostInjected > stepAxons.length) {
            stepAxons = new int[Math.multiplyExact(end - from, mostInjected)];
        }
        int[] into = stepAxons;
        int ports = base.length - 1;
        int n = 0;
        int m = 0;
        int previous = -1;
        boolean ascending = true;
        for (int i = from; i < end; i++) {
            int p = input.port(i);
            int h = input.axon(i);
            // unsigned compares: a negative port or axon is out of range too
            if (Integer.compareUnsigned(p, ports) >= 0 || Integer.compareUnsigned(h, base[p + 1] - base[p]) >= 0) {
                return -1;
            }
            int g = base[p] + h;
            int c = cost[g];
            if (c < 0) {
                return -1;
            }
            ascending &= g > previous;
            previous = g;
            n += c;
            int one = single[g];
            if (one >= 0) {
                // one axon, as a compiled network's host axon has (an ingress group's, or its one
                // core axon): no loop, whose set-up for a single pass costs more than the copy
                into[m++] = one;
            } else {
                for (int k = first[g], to = first[g + 1]; k < to; k++) {
                    into[m++] = injected[k];
                }
            }
        }
        if (!ascending && repeats(input, from, end, t + 1)) {
            return -1;
        }
        stepAxonCount = m;
        return n;
    }

    /** Whether a host axon comes twice in spikes [from, end) of step {@code stamp - 1} (all in range). */
    private boolean repeats(SpikeSchedule input, int from, int end, int stamp) {
        for (int i = from; i < end; i++) {
            int g = base[input.port(i)] + input.axon(i);
            if (seen[g] == stamp) {
                return true;
            }
            seen[g] = stamp;
        }
        return false;
    }

    /** The axons the last {@link #step} injects (the first {@link #count()} of them). */
    int[] axons() {
        return stepAxons;
    }

    int count() {
        return stepAxonCount;
    }
}
