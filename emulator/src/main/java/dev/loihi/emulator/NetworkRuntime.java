package dev.loihi.emulator;

import dev.loihi.image.ChipLimits;
import java.util.Arrays;

/**
 * The running network: the state of every compartment in flat arrays over a
 * {@link NetworkLayout}, and double-buffered spike queues. {@link #step()} allocates nothing.
 *
 * <p>Spikes sent by compartments go into per-core slices of an arrival buffer, so that at the
 * next step each core is handled in one pass: its arriving spikes are added to its q (which
 * stays in cache) and its compartments are updated at once. Host injections are few and go
 * through a small separate queue.
 */
final class NetworkRuntime {
    /** q is 21 bits + sign (LOIHI.md): shifting a long left then right by this wraps it. */
    private static final int Q_WRAP_SHIFT = 64 - 22;
    /** u and u + bias are 23 bits + sign. */
    private static final int U_WRAP_SHIFT = 64 - 24;
    /** Below this many arriving blocks (or sending compartments) the memory they read is assumed to be in cache. */
    private static final int TOUCH_MIN_BLOCKS = 32;
    /** The second read of {@link #touch}: 31 shorts on, so that both cache lines a block may start in are read. */
    private static final int TOUCH_SHORTS = 31;

    final NetworkLayout layout;
    private final int[] coreStart;
    private final int[] coreVmin;
    private final int[] coreVmax;
    private final int[] uKeep;
    private final int[] vKeep;
    private final int[] vth;
    private final int[] bias;
    private final int[] refractDelay;
    private final short[] synapses;
    private final int[] routeStart;
    private final int[] routeTargets;
    private final int[] arrivalStart;
    /** Cores whose every bias is 0: with no input and zero state they stay at zero. */
    private final boolean[] coreBiasFree;
    /** Cores where some compartment keeps part of u (decay_u below 4095); elsewhere u is just q. */
    private final boolean[] coreKeepsU;
    /** Cores where some compartment leaks v (decay_v above 0); elsewhere v integrates. */
    private final boolean[] coreLeaksV;

    final long[] q;
    final int[] u;
    final int[] v;
    final int[] refractCount;
    final boolean[] spiked;
    /** Compartments that spiked in the last step, ascending. */
    final int[] stepSpikes;
    int stepSpikeCount;

    /** Per core: all of its state was zero after its last update (so it may be skipped while no spike arrives). */
    private final boolean[] coreAtRest;
    /** Blocks sent to each core in the previous step (read now) and in this step (filled now). */
    private int[] arriving;
    private int[] arrivingCount;
    private int[] sending;
    private int[] sendingCount;
    /** Host spikes sent before the previous step (applied now) and before this one. */
    private int[] hostArrivingCore = new int[16];
    private int[] hostArrivingBlock = new int[16];
    private int hostArrivingCount;
    private int[] hostSendingCore = new int[16];
    private int[] hostSendingBlock = new int[16];
    private int hostSendingCount;
    private final boolean[] coreHostInput;

    long stepCount;
    /** Sum of the values {@link #touch} read; meaningless, it only keeps those reads alive. */
    private int touched;
    boolean qWrapped;
    boolean uWrapped;
    boolean u2Wrapped;

    NetworkRuntime(NetworkLayout layout) {
        this.layout = layout;
        coreStart = layout.coreStart();
        coreVmin = layout.coreVmin();
        coreVmax = layout.coreVmax();
        uKeep = layout.uKeep();
        vKeep = layout.vKeep();
        vth = layout.vth();
        bias = layout.bias();
        refractDelay = layout.refractDelay();
        synapses = layout.synapseMemory();
        routeStart = layout.routeStart();
        routeTargets = layout.routeTargets();
        arrivalStart = layout.arrivalStart();
        int cores = layout.coreCount();
        int n = layout.compartmentCount();
        coreBiasFree = new boolean[cores];
        coreKeepsU = new boolean[cores];
        coreLeaksV = new boolean[cores];
        for (int c = 0; c < cores; c++) {
            boolean free = true;
            boolean keepsU = false;
            boolean leaksV = false;
            for (int i = coreStart[c]; i < coreStart[c + 1]; i++) {
                free &= bias[i] == 0;
                keepsU |= uKeep[i] != 0;
                leaksV |= vKeep[i] != ChipLimits.DECAY_ONE;
            }
            coreBiasFree[c] = free;
            coreKeepsU[c] = keepsU;
            coreLeaksV[c] = leaksV;
        }
        q = new long[n];
        u = new int[n];
        v = new int[n];
        refractCount = new int[n];
        spiked = new boolean[n];
        stepSpikes = new int[n];
        coreAtRest = new boolean[cores];
        coreHostInput = new boolean[cores];
        arriving = new int[arrivalStart[cores]];
        sending = new int[arrivalStart[cores]];
        arrivingCount = new int[cores];
        sendingCount = new int[cores];
    }

    int coreCount() {
        return layout.coreCount();
    }

    int compartmentCount() {
        return layout.compartmentCount();
    }

    void reset() {
        Arrays.fill(q, 0);
        Arrays.fill(u, 0);
        Arrays.fill(v, 0);
        Arrays.fill(refractCount, 0);
        Arrays.fill(spiked, false);
        Arrays.fill(coreAtRest, false);
        Arrays.fill(coreHostInput, false);
        Arrays.fill(arrivingCount, 0);
        Arrays.fill(sendingCount, 0);
        stepSpikeCount = 0;
        hostArrivingCount = 0;
        hostSendingCount = 0;
        stepCount = 0;
        qWrapped = false;
        uWrapped = false;
        u2Wrapped = false;
    }

    /** A host spike on axon {@code axon} of input port {@code port}, sent in the coming step. */
    void inject(int port, int axon) {
        int[] start = layout.inputTargetStart()[port];
        int from = start[axon];
        int to = start[axon + 1];
        if (hostSendingCount + (to - from) > hostSendingCore.length) {
            int size = Math.max(hostSendingCount + (to - from), hostSendingCore.length * 2);
            hostSendingCore = Arrays.copyOf(hostSendingCore, size);
            hostSendingBlock = Arrays.copyOf(hostSendingBlock, size);
        }
        int[] pairs = layout.inputTargets()[port];
        for (int k = from; k < to; k++) {
            hostSendingCore[hostSendingCount] = pairs[2 * k];
            hostSendingBlock[hostSendingCount++] = pairs[2 * k + 1];
        }
    }

    void step() {
        for (int k = 0; k < stepSpikeCount; k++) {
            spiked[stepSpikes[k]] = false;
        }
        stepSpikeCount = 0;
        // LOIHI.md step 1 for host spikes; compartment spikes are added core by core below
        for (int k = 0; k < hostArrivingCount; k++) {
            int c = hostArrivingCore[k];
            addBlock(hostArrivingBlock[k], coreStart[c]);
            coreHostInput[c] = true;
        }
        hostArrivingCount = 0;
        for (int c = 0, cores = coreStart.length - 1; c < cores; c++) {
            int count = arrivingCount[c];
            if (count == 0 && coreAtRest[c] && !coreHostInput[c]) {
                continue;
            }
            if (count > 0) {
                deliver(c, count);
                arrivingCount[c] = 0;
            }
            coreHostInput[c] = false;
            updateCore(c);
        }
        int[] swap = arriving;
        arriving = sending;
        sending = swap;
        swap = arrivingCount;
        arrivingCount = sendingCount;
        sendingCount = swap;
        swap = hostArrivingCore;
        hostArrivingCore = hostSendingCore;
        hostSendingCore = swap;
        swap = hostArrivingBlock;
        hostArrivingBlock = hostSendingBlock;
        hostSendingBlock = swap;
        hostArrivingCount = hostSendingCount;
        hostSendingCount = 0;
        stepCount++;
    }

    /** LOIHI.md step 1 for one spike: the block's weights are added to the q of core at {@code base}. */
    private void addBlock(int offset, int base) {
        final short[] mem = synapses;
        final long[] acc = q;
        int length = mem[offset];
        int info = mem[offset + 1];
        int shift = info >> 1;
        if ((info & 1) != 0) {
            int first = base + mem[offset + 2];
            int w = offset + NetworkLayout.DENSE_HEADER;
            for (int k = 0; k < length; k++) {
                acc[first + k] += mem[w + k] << shift;
            }
        } else {
            int pair = offset + NetworkLayout.SPARSE_HEADER;
            for (int k = 0; k < length; k++) {
                acc[base + mem[pair + 2 * k]] += mem[pair + 2 * k + 1] << shift;
            }
        }
    }

    /** LOIHI.md step 1: each spike sent to core c in the previous step adds its axon's weights to q. */
    private void deliver(int c, int count) {
        final int[] arrivals = arriving;
        final int base = coreStart[c];
        int from = arrivalStart[c];
        if (count >= TOUCH_MIN_BLOCKS) {
            touch(arrivals, from, from + count);
        }
        for (int k = from, to = from + count; k < to; k++) {
            addBlock(arrivals[k], base);
        }
    }

    /**
     * Reads the first 64 bytes of every block about to be added, in a loop with no other work:
     * the reads are independent, so the processor overlaps their cache misses, where the
     * adding loop, each block waiting on its own header, would take them one at a time. On a
     * full chip (20 MB of synapse memory) this is most of the cost of a step.
     */
    private void touch(int[] arrivals, int from, int to) {
        final short[] mem = synapses;
        final int last = mem.length - 1;
        int sum = 0;
        for (int k = from; k < to; k++) {
            int offset = arrivals[k];
            sum += mem[offset] + mem[Math.min(offset + TOUCH_SHORTS, last)];
        }
        // kept so that the reads are not removed as dead code
        touched += sum;
    }

    /** LOIHI.md steps 2..7 for every compartment of core c. */
    private void updateCore(int c) {
        final long vmin = coreVmin[c];
        final long vmax = coreVmax[c];
        // the integrate-and-fire case (u = q, v kept whole) skips both decays; the loop is specialised on these
        final boolean keepsU = coreKeepsU[c];
        final boolean leaksV = coreLeaksV[c];
        final long[] qs = q;
        final int[] us = u;
        final int[] vs = v;
        final int[] refract = refractCount;
        final int[] uKeeps = uKeep;
        final int[] vKeeps = vKeep;
        final int[] thresholds = vth;
        final int[] biases = bias;
        final int[] delays = refractDelay;
        final int[] spikes = stepSpikes;
        int spikeCount = stepSpikeCount;
        long qDiff = 0;
        long uDiff = 0;
        long u2Diff = 0;
        int live = 0;
        for (int i = coreStart[c], end = coreStart[c + 1]; i < end; i++) {
            long qRaw = qs[i];
            qs[i] = 0;
            long qNow = (qRaw << Q_WRAP_SHIFT) >> Q_WRAP_SHIFT;
            qDiff |= qRaw ^ qNow;
            // decay rounds toward zero: long division by 4096 truncates, as sign(x)*(|x|*k >> 12)
            long uRaw = (keepsU ? (long) us[i] * uKeeps[i] / 4096 : 0) + qNow;
            long uNew = (uRaw << U_WRAP_SHIFT) >> U_WRAP_SHIFT;
            uDiff |= uRaw ^ uNew;
            us[i] = (int) uNew;
            long u2Raw = uNew + biases[i];
            long u2 = (u2Raw << U_WRAP_SHIFT) >> U_WRAP_SHIFT;
            u2Diff |= u2Raw ^ u2;
            long vNew = (leaksV ? (long) vs[i] * vKeeps[i] / 4096 : vs[i]) + u2;
            vNew = vNew < vmin ? vmin : (vNew > vmax ? vmax : vNew);
            int r = refract[i];
            if (r > 0) {
                vs[i] = 0;
                refract[i] = r - 1;
                live |= r - 1;
            } else if (vNew > thresholds[i]) {
                // the counter is set to the delay and then lowered with all others: R-1 silent steps
                vs[i] = 0;
                refract[i] = delays[i] - 1;
                live = 1;
                spikes[spikeCount++] = i;
            } else {
                vs[i] = (int) vNew;
                live |= (int) vNew;
            }
            live |= (int) uNew;
        }
        sendAll(stepSpikeCount, spikeCount);
        stepSpikeCount = spikeCount;
        coreAtRest[c] = live == 0 && coreBiasFree[c];
        if ((qDiff | uDiff | u2Diff) != 0) {
            qWrapped |= qDiff != 0;
            uWrapped |= uDiff != 0;
            u2Wrapped |= u2Diff != 0;
        }
    }

    /**
     * Sends the spikes {@code stepSpikes[from..to)} of one core, after its loop, so that the loop
     * stays small and the route reads can be overlapped.
     */
    private void sendAll(int from, int to) {
        final int[] spikes = stepSpikes;
        if (to - from >= TOUCH_MIN_BLOCKS) {
            touchRoutes(spikes, from, to);
        }
        for (int k = from; k < to; k++) {
            spiked[spikes[k]] = true;
            send(spikes[k]);
        }
    }

    /** As {@link #touch}, for the routes of the compartments about to send. */
    private void touchRoutes(int[] spikes, int from, int to) {
        final int[] pairs = routeTargets;
        final int[] start = routeStart;
        if (pairs.length == 0) {
            return;
        }
        final int last = pairs.length - 1;
        int sum = 0;
        for (int k = from; k < to; k++) {
            sum += pairs[Math.min(2 * start[spikes[k]], last)];
        }
        touched += sum;
    }

    /** Queues compartment i's spike on every axon it routes to, for the next step. */
    private void send(int i) {
        final int[] pairs = routeTargets;
        final int[] start = arrivalStart;
        final int[] counts = sendingCount;
        final int[] out = sending;
        for (int k = 2 * routeStart[i], e = 2 * routeStart[i + 1]; k < e; k += 2) {
            int tc = pairs[k];
            out[start[tc] + counts[tc]++] = pairs[k + 1];
        }
    }

    /** Bytes held by the layout and the state (registers, synapses, routes, state, spike buffers). */
    long memoryBytes() {
        return layout.memoryBytes() + stateBytes();
    }

    /** Bytes of what changes while stepping: q, u, v, counters, spike flags and queues. */
    long stateBytes() {
        return (long) q.length * Long.BYTES
                + ((long) u.length + v.length + refractCount.length + stepSpikes.length
                + arriving.length + sending.length + arrivingCount.length + sendingCount.length
                + 2L * (hostArrivingCore.length + hostSendingCore.length)) * Integer.BYTES
                + spiked.length + coreAtRest.length + coreBiasFree.length + coreHostInput.length;
    }
}
