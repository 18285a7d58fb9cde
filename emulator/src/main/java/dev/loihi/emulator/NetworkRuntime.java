package dev.loihi.emulator;

import java.nio.IntBuffer;
import java.util.Arrays;

/**
 * The running network: the state of every compartment in flat arrays over a
 * {@link NetworkLayout}. {@link #step()} allocates nothing (but in the first steps on several threads, see below).
 *
 * <p>A step first delivers every spike sent in the previous step, straight from that step's
 * list of spiking compartments (each one's routes name the blocks to add), and the host's
 * spikes; then it updates the cores one by one, listing the compartments that spike. No spike
 * is copied into a queue in between.
 *
 * <p>The cores may be split into {@link CoreShard}s stepped on several threads
 * ({@link StepTeam}): each shard delivers only the blocks addressed to its own cores, and updates
 * only those. The blocks come through a {@link SpikeExchange}: after its update a shard posts the
 * routes of its own spikes to the shards that own their cores, so that no shard walks another's
 * spikes (population routes excepted: each shard walks the whole list for those). The sums are
 * the same in any order, so the state is bit for bit that of one thread. The first split shares the work
 * estimated from the network ({@link ShardBalance#estimate}); over the first
 * {@link ShardBalance#STEPS} steps each shard counts its cores' work, and the cores are split
 * again by the counts where that pays (a step that allocates: the new shards; the exchange's
 * boxes also grow over the first steps, until they hold what a step posts).
 *
 * <p>A small network on one thread takes a step in one call to the native kernel
 * ({@link NativeAdds#stepState}), delivery and update, where the JNI crossing and the pinning of
 * arrays are a noticeable share of a step: its state is then held off the heap
 * ({@link WholeStepState}) and the arrays {@link #q}, {@link #u}, {@link #v},
 * {@link #refractCount}, {@link #spiked} and {@link #stepSpikes} are not it. Readers go through
 * {@link #qState()}, {@link #uState()}, {@link #vState()}, {@link #refractState()},
 * {@link #flagState()} and {@link #stepSpike}, which read wherever the state is held.
 */
final class NetworkRuntime {
    /** q is 21 bits + sign (LOIHI.md): shifting an int left then right by this wraps it. */
    private static final int Q_WRAP_SHIFT = 32 - 22;
    /** u and u + bias are 23 bits + sign. */
    private static final int U_WRAP_SHIFT = 32 - 24;
    /** Synapse memory (bytes) below which it is assumed to stay in L2, where reading ahead only costs. */
    private static final int TOUCH_MIN_MEMORY = 512 * 1024;
    /** Below this many spikes to deliver, the memory they read is assumed to be in cache (see {@link #touch}). */
    private static final int TOUCH_MIN_SPIKES = 16;
    /**
     * The second read of {@link #touch}: the last short of a dense block of 16 synapses (the
     * 4-short header and 16 weights), so that both lines such a block may span are read and no
     * line past it. Reading 31 shorts on (64 bytes from the start) fetched a line the block does
     * not reach in about 40% of cases: 3.39 against 3.00 ms per full-chip step (medians of 3).
     */
    private static final int TOUCH_SHORTS = NetworkLayout.DENSE_HEADER + 16 - 1;
    /** Shorts in a 64-byte cache line. */
    private static final int LINE_SHORTS = 64 / Short.BYTES;
    /**
     * Networks whose synapse memory and routes take at most this many bytes are stepped by one
     * native call a step ({@link NativeAdds#stepState}) when on one thread: a copy of what the
     * call reads, made once, that saves pinning those arrays every step. Above it a step is
     * long enough that the pinning does not count, and the copy would.
     */
    static final int WHOLE_STEP_MAX_BYTES = 2 << 20;

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
    /** Routes to population axons, triples (core, block, base) per compartment; empty for discrete networks. */
    private final int[] populationStart;
    private final int[] populationTargets;
    /** Cores whose every bias is 0: with no input and zero state they stay at zero. */
    private final boolean[] coreBiasFree;
    /** Whether synapse memory is too large to stay in cache, so that {@link #touch} pays. */
    private final boolean touchAhead;
    /** What the native kernel fetches ahead ({@code NativeAdds.PREFETCH_*}), from the memory's size and the routes' blocks. */
    private final int prefetch;
    /**
     * Whether blocks are added by the native kernel ({@link NativeAdds}), a batch per call, rather
     * than in Java: where it is loaded, unless the JVM has the Vector API ({@link VectorAdds}),
     * which adds as fast on big networks and needs no call across JNI on small ones.
     */
    private final boolean nativeAdds = NativeAdds.AVAILABLE && !VectorAdds.ENABLED;
    /**
     * Whether the native kernel also updates the compartments ({@link NativeAdds#updateCores}, one
     * call per shard and step), as it does wherever it adds the blocks; {@link #updateInJava} otherwise.
     */
    private final boolean nativeUpdate;
    /** uKeep, vKeep and refractDelay packed for the native update ({@link NativeAdds#packRegisters}); null in Java. */
    private final int[] packedRegisters;
    /** What {@link NativeAdds#stepState} reads of the network, packed once; null where a step takes the separate calls. */
    private final java.nio.ByteBuffer wholeNetwork;
    /** Where {@link #wholeNetwork} is, as {@link NativeAdds#stepState} takes it (read once: asking costs a step two JNI calls). */
    private final long wholeAddress;
    /** The reset synapses a network stepped whole adds in its update ({@link ResetSynapses}); null where not stepped whole. */
    private final ResetSynapses resets;
    /**
     * Where a network is stepped whole, the sender id of each input port's axon 0
     * ({@link RouteRecords#hostIds}): its host spikes are kept as those ids, in the arrays of
     * cores below, and the kernel resolves them; null where not stepped whole.
     */
    private final int[] hostIds;
    /** The state of a network stepped whole, off the heap; null where the arrays below are the state. */
    private final WholeStepState wholeState;
    /** Views of the arrays below, for the readers of a network not stepped whole. */
    private final IntBuffer qView;
    private final IntBuffer uView;
    private final IntBuffer vView;
    private final IntBuffer refractView;
    private final IntBuffer flagView;

    /**
     * The state, where the network is not stepped whole (see the class comment).
     * q in an int: exact while the spikes a core received this step could not have added up to
     * more than an int holds (see {@link #qBound}); otherwise the core's q is summed again in
     * 64 bits ({@link #sumWide}).
     */
    final int[] q;
    final int[] u;
    final int[] v;
    final int[] refractCount;
    /**
     * Per compartment, what its last update found: bit {@link #SPIKED} (it spiked in the last
     * step) and the bits {@link #listSpikes} collects. Cores skipped at rest hold no SPIKED or
     * LIVE bit (a wrap bit of their last update may remain; it was counted then).
     */
    final int[] spiked;
    /**
     * Compartments that spiked in the last step, ascending (one slot more than compartments): the
     * shards' lists joined after the step; the next step delivers their spikes.
     */
    int[] stepSpikes;
    int stepSpikeCount;

    /** Per core: all of its state was zero after its last update (so it may be skipped while no spike arrives). */
    private final boolean[] coreAtRest;
    /** Per core: the sum of 2^(bound bits) over the blocks added to its q this step; 0 when nothing arrived. */
    private final long[] qBound;
    /** The cores each thread steps; shard 0 on the caller's thread. */
    private final CoreShard[] shards;
    /** The work of each core over the first steps, after which the shards are split by it; null once done or with one shard. */
    private ShardBalance balance;
    /** The threads of shards 1.., null with one shard. */
    private final StepTeam team;
    private final Runnable stepOwnShard;
    /** The blocks the shards post to each other between steps; null with one shard. */
    private final SpikeExchange exchange;
    /**
     * Host spikes sent before the previous step (applied now) and before this one: (core, block)
     * pairs, or where the network is stepped whole, the sender ids of their axons in the arrays of
     * cores ({@link #hostIds}; resolved into pairs only for a step summed again in 64 bits).
     */
    private int[] hostArrivingCore = new int[16];
    private int[] hostArrivingBlock = new int[16];
    private int hostArrivingCount;
    private int[] hostSendingCore = new int[16];
    private int[] hostSendingBlock = new int[16];
    private int hostSendingCount;
    /** The arriving host spikes resolved into (core, block) pairs, for a network stepped whole ({@link #resolveHostIds}). */
    private int[] hostPairCores = new int[0];
    private int[] hostPairBlocks = new int[0];

    long stepCount;
    boolean qWrapped;
    boolean uWrapped;
    boolean u2Wrapped;

    /** The network stepped on the caller's thread alone. */
    NetworkRuntime(NetworkLayout layout) {
        this(layout, 1);
    }

    /** The network with its cores split over {@code threads} threads (fewer if it has fewer cores). */
    NetworkRuntime(NetworkLayout layout, int threads) {
        this(layout, threads, NativeAdds.AVAILABLE && !VectorAdds.ENABLED);
    }

    /** As above; {@code nativeUpdate} false keeps the compartment update in Java (the tests compare the two). */
    NetworkRuntime(NetworkLayout layout, int threads, boolean nativeUpdate) {
        this(layout, threads, nativeUpdate, true);
    }

    /**
     * As above; {@code wholeStep} false keeps a small network on one thread on the native
     * kernel's two calls a step, delivery then update, rather than {@link NativeAdds#stepState}
     * (the tests compare the two).
     */
    NetworkRuntime(NetworkLayout layout, int threads, boolean nativeUpdate, boolean wholeStep) {
        this.layout = layout;
        this.nativeUpdate = nativeUpdate && nativeAdds;
        coreStart = layout.coreStart();
        coreVmin = layout.coreVmin();
        coreVmax = layout.coreVmax();
        uKeep = layout.uKeep();
        vKeep = layout.vKeep();
        vth = layout.vth();
        bias = layout.bias();
        refractDelay = layout.refractDelay();
        packedRegisters = this.nativeUpdate ? NativeAdds.packRegisters(uKeep, vKeep, refractDelay) : null;
        synapses = layout.synapseMemory();
        touchAhead = (long) synapses.length * Short.BYTES > TOUCH_MIN_MEMORY;
        routeStart = layout.routeStart();
        routeTargets = layout.routeTargets();
        prefetch = !touchAhead ? NativeAdds.PREFETCH_NONE
                : meanRouteBlockShorts(synapses, routeTargets) > LINE_SHORTS ? NativeAdds.PREFETCH_BLOCKS
                : NativeAdds.PREFETCH_HEADS;
        populationStart = layout.populationStart();
        populationTargets = layout.populationTargets();
        int cores = layout.coreCount();
        int n = layout.compartmentCount();
        coreBiasFree = new boolean[cores];
        for (int c = 0; c < cores; c++) {
            boolean free = true;
            for (int i = coreStart[c]; i < coreStart[c + 1]; i++) {
                free &= bias[i] == 0;
            }
            coreBiasFree[c] = free;
        }
        q = new int[n];
        u = new int[n];
        v = new int[n];
        refractCount = new int[n];
        spiked = new int[n];
        stepSpikes = new int[n + 1];
        coreAtRest = new boolean[cores];
        qBound = new long[cores];
        ShardBalance counts = threads > 1 && cores > 1 ? new ShardBalance(layout) : null;
        shards = counts != null ? CoreShard.split(coreStart, counts.estimate(), threads)
                : CoreShard.split(coreStart, threads);
        if (shards.length == 1) {
            shards[0].takeRoutes(routeStart, routeTargets, cores);
        }
        balance = shards.length > 1 ? counts : null;
        exchange = shards.length > 1 ? new SpikeExchange(shards, cores, nativeAdds) : null;
        team = shards.length > 1 ? new StepTeam(shards.length - 1, this::stepShard) : null;
        stepOwnShard = () -> stepShard(0);
        long readBytes = (long) synapses.length * Short.BYTES + ((long) routeStart.length + routeTargets.length) * Integer.BYTES;
        boolean whole = wholeStep && this.nativeUpdate && shards.length == 1 && populationTargets.length == 0
                && readBytes <= WHOLE_STEP_MAX_BYTES;
        ResetSynapses taken = whole ? ResetSynapses.of(synapses, routeStart, routeTargets, coreStart) : null;
        wholeNetwork = whole
                ? NativeAdds.packNetwork(cores, synapses, routeStart, routeTargets, coreStart, packedRegisters, vth, bias,
                        coreVmin, coreVmax, coreBiasFree, taken, layout.inputTargetStart(), layout.inputTargets())
                : null;
        resets = wholeNetwork == null ? null : taken;
        hostIds = wholeNetwork == null ? null : RouteRecords.hostIds(n, layout.inputTargetStart());
        wholeAddress = wholeNetwork == null ? 0 : NativeAdds.address(wholeNetwork);
        wholeState = wholeNetwork == null ? null : new WholeStepState(n, cores);
        qView = IntBuffer.wrap(q);
        uView = IntBuffer.wrap(u);
        vView = IntBuffer.wrap(v);
        refractView = IntBuffer.wrap(refractCount);
        flagView = IntBuffer.wrap(spiked);
    }

    /**
     * q of every compartment, wherever the state is held: 0 between steps, but where the network
     * is stepped whole, the reset synapses of the last step's spikes ({@link #resetSynapses}),
     * which its update adds ahead of the next step's delivery.
     */
    IntBuffer qState() {
        return wholeState != null ? wholeState.q : qView;
    }

    /** u of every compartment at the end of the last step. */
    IntBuffer uState() {
        return wholeState != null ? wholeState.u : uView;
    }

    /** v of every compartment at the end of the last step. */
    IntBuffer vState() {
        return wholeState != null ? wholeState.v : vView;
    }

    /** The refractory counter of every compartment. */
    IntBuffer refractState() {
        return wholeState != null ? wholeState.refract : refractView;
    }

    /** The flag word of every compartment ({@link #spiked}'s bits). */
    IntBuffer flagState() {
        return wholeState != null ? wholeState.flags : flagView;
    }

    /** The s-th compartment that spiked in the last step (s below {@link #stepSpikeCount}), ascending. */
    int stepSpike(int s) {
        return wholeState != null ? wholeState.spikes().get(s) : stepSpikes[s];
    }

    /** The reset synapses the update adds where the network is stepped whole; null where it is not. */
    ResetSynapses resetSynapses() {
        return resets;
    }

    /** The mean length in shorts of the blocks the routes reach (a spike's cost in lines read). */
    private static double meanRouteBlockShorts(short[] mem, int[] pairs) {
        long shorts = 0;
        for (int k = 1; k < pairs.length; k += 2) {
            shorts += NetworkLayout.blockShorts(mem, pairs[k]);
        }
        return pairs.length == 0 ? 0 : shorts / (pairs.length / 2.0);
    }

    /** Whether a step is one native call ({@link NativeAdds#stepState}). */
    boolean stepsWhole() {
        return wholeNetwork != null;
    }

    /** Threads that step this network (the caller's included). */
    int threads() {
        return shards.length;
    }

    /** The threads that step shards 1.., or null; stopping them ends parallel stepping for good. */
    StepTeam team() {
        return team;
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
        Arrays.fill(spiked, 0);
        Arrays.fill(coreAtRest, false);
        Arrays.fill(qBound, 0);
        if (wholeState != null) {
            wholeState.reset();
        }
        stepSpikeCount = 0;
        for (CoreShard s : shards) {
            s.reset();
        }
        if (exchange != null) {
            exchange.clear();
        }
        hostArrivingCount = 0;
        hostSendingCount = 0;
        stepCount = 0;
        qWrapped = false;
        uWrapped = false;
        u2Wrapped = false;
    }

    /** A host spike on axon {@code axon} of input port {@code port}, sent in the coming step. */
    void inject(int port, int axon) {
        if (hostIds != null) {
            if (hostSendingCount == hostSendingCore.length) {
                hostSendingCore = Arrays.copyOf(hostSendingCore, 2 * hostSendingCount);
            }
            hostSendingCore[hostSendingCount++] = hostIds[port] + axon;
            return;
        }
        int[] start = layout.inputTargetStart()[port];
        int from = start[axon];
        int to = start[axon + 1];
        if (hostSendingCount + (to - from) > hostSendingCore.length) {
            int size = Math.max(hostSendingCount + (to - from), hostSendingCore.length * 2);
            hostSendingCore = Arrays.copyOf(hostSendingCore, size);
            hostSendingBlock = Arrays.copyOf(hostSendingBlock, size);
        }
        int[] pairs = layout.inputTargets()[port];
        if (to - from == 1) {
            // one block, as each host axon of a compiled network has: no loop, whose set-up for one pass
            // (C2's pre-, main and post-loops) made inject about 123 instructions a spike, 76 without it
            hostSendingCore[hostSendingCount] = pairs[2 * from];
            hostSendingBlock[hostSendingCount++] = pairs[2 * from + 1];
            return;
        }
        for (int k = from; k < to; k++) {
            hostSendingCore[hostSendingCount] = pairs[2 * k];
            hostSendingBlock[hostSendingCount++] = pairs[2 * k + 1];
        }
    }

    /** Host spikes on {@code axons[from..to)} of {@code port}, as {@link #inject(int, int)} for each, in that order. */
    void inject(int port, int[] axons, int from, int to) {
        if (hostIds == null) {
            for (int k = from; k < to; k++) {
                inject(port, axons[k]);
            }
            return;
        }
        int n = hostSendingCount;
        if (n + (to - from) > hostSendingCore.length) {
            hostSendingCore = Arrays.copyOf(hostSendingCore, Math.max(n + (to - from), 2 * hostSendingCore.length));
        }
        int[] into = hostSendingCore;
        int id = hostIds[port];
        for (int k = from; k < to; k++) {
            into[n++] = id + axons[k];
        }
        hostSendingCount = n;
    }

    void step() {
        if (team == null) {
            stepShard(0);
        } else {
            team.step(stepOwnShard);
        }
        joinShards();
        if (balance != null && balance.stepDone()) {
            resplit(balance);
        }
        if (exchange != null) {
            exchange.turn();
        }
        int[] swap = hostArrivingCore;
        hostArrivingCore = hostSendingCore;
        hostSendingCore = swap;
        swap = hostArrivingBlock;
        hostArrivingBlock = hostSendingBlock;
        hostSendingBlock = swap;
        hostArrivingCount = hostSendingCount;
        hostSendingCount = 0;
        stepCount++;
    }

    /**
     * Counts the work of the shard's cores in this step, on the shard's thread (so the count adds
     * no serial share to a step): the host's blocks delivered to them or, {@code updated}, the
     * updates of those the step left live (one that went to rest in it is missed: an estimate)
     * and the spikes of their compartments.
     */
    private void countShard(ShardBalance counts, CoreShard shard, boolean updated) {
        if (updated) {
            for (int c = shard.coreFrom; c < shard.coreTo; c++) {
                if (!coreAtRest[c]) {
                    counts.update(c, coreStart[c + 1] - coreStart[c]);
                }
            }
            counts.fired(shard.spikes, shard.spikeCount);
            return;
        }
        for (int k = 0; k < hostArrivingCount; k++) {
            if (shard.owns(hostArrivingCore[k])) {
                counts.hostBlock(hostArrivingCore[k], synapses, hostArrivingBlock[k]);
            }
        }
    }

    /**
     * After {@link ShardBalance#STEPS} counted steps: the cores split by the work counted, where
     * that lightens the busiest shard enough ({@link ShardBalance#pays}). Between steps, on the
     * caller's thread: the workers wait for the next step, which publishes the new shards to them.
     */
    private void resplit(ShardBalance counts) {
        balance = null;
        long[] work = counts.before();
        if (work == null) {
            return;
        }
        CoreShard[] split = CoreShard.split(coreStart, work, shards.length);
        if (!ShardBalance.pays(shards, split, work)) {
            return;
        }
        System.arraycopy(split, 0, shards, 0, shards.length);
        // this step's posts were addressed by the old split
        exchange.regroup(shards, stepSpikes, stepSpikeCount, routeStart, routeTargets);
    }

    /** Cores [from, to) of each shard, in order (what {@link ShardBalance} decided, once it has). */
    int[][] shardCores() {
        int[][] out = new int[shards.length][];
        for (int k = 0; k < shards.length; k++) {
            out[k] = new int[] {shards[k].coreFrom, shards[k].coreTo};
        }
        return out;
    }

    /**
     * The step of shard k's cores: reads only the last step's lists and what was posted to it,
     * writes only its cores' state, its spike list and its posts.
     */
    private void stepShard(int k) {
        CoreShard shard = shards[k];
        ShardBalance counts = balance;
        if (counts != null) {
            countShard(counts, shard, false);
        }
        deliverAndUpdate(k, shard);
        if (counts != null) {
            countShard(counts, shard, true);
        }
        if (exchange != null) {
            exchange.post(k, shard.spikes, shard.spikeCount, routeStart, routeTargets);
        }
    }

    /** LOIHI.md steps 1..7 for the shard's cores, and the list of their spikes. */
    private void deliverAndUpdate(int k, CoreShard shard) {
        if (wholeNetwork == null) {
            deliver(k, shard);
        } else {
            long listed = wholeState.step(wholeAddress, hostArrivingCore, hostArrivingCount, stepSpikeCount,
                    stepSpikeCount >= TOUCH_MIN_SPIKES ? prefetch : NativeAdds.PREFETCH_NONE);
            // the kernel read the buffer by its address: it stays reachable until here
            java.lang.ref.Reference.reachabilityFence(wholeNetwork);
            if (listed != NativeAdds.DELIVERED_ONLY) {
                shard.spikeCount = (int) listed;
                noteWraps(shard, (int) (listed >>> 32));
                return;
            }
            // delivered, but a core's q is to be summed again in 64 bits: the rest as the two calls do it, on
            // the arrays, then back (rare: about a thousand of the largest weights on one compartment in a step)
            wholeState.copyOut(q, u, v, refractCount, spiked, qBound, coreAtRest, stepSpikes, stepSpikeCount);
        }
        boolean hostAsIds = wholeState != null;
        int hostPairs = hostAsIds ? resolveHostIds() : hostArrivingCount;
        for (int c = shard.coreFrom; c < shard.coreTo; c++) {
            if (qBound[c] > Integer.MAX_VALUE) {
                sumWide(shard, c, hostAsIds ? hostPairCores : hostArrivingCore,
                        hostAsIds ? hostPairBlocks : hostArrivingBlock, hostPairs);
            }
        }
        if (nativeUpdate) {
            long listed = NativeAdds.updateCores(q, u, v, refractCount, spiked, packedRegisters, vth, bias, coreStart,
                    coreVmin, coreVmax, qBound, coreAtRest, coreBiasFree, shard.spikes, shard.coreFrom, shard.coreTo);
            shard.spikeCount = (int) listed;
            noteWraps(shard, (int) (listed >>> 32));
        } else {
            updateInJava(shard);
        }
        if (wholeState != null) {
            // what the kernel's update does besides: the reset synapses of the step's spikes into the next step's q
            resets.addAfterUpdate(shard.spikes, shard.spikeCount, q, qBound);
            wholeState.copyIn(q, u, v, refractCount, spiked, qBound, coreAtRest, shard.spikes, shard.spikeCount);
        }
    }

    /**
     * The arriving host spikes of a network stepped whole, sender ids, resolved into the (core,
     * block) pairs of their axons' targets in {@link #hostPairCores} and {@link #hostPairBlocks}
     * (grown where they are too small), as {@link #sumWide} reads them; returns how many pairs.
     */
    private int resolveHostIds() {
        int pairs = 0;
        for (int k = 0; k < hostArrivingCount; k++) {
            pairs += targetCount(hostArrivingCore[k]);
        }
        if (pairs > hostPairCores.length) {
            hostPairCores = new int[pairs];
            hostPairBlocks = new int[pairs];
        }
        int[] cores = hostPairCores;
        int[] blocks = hostPairBlocks;
        int at = 0;
        for (int k = 0; k < hostArrivingCount; k++) {
            int id = hostArrivingCore[k];
            int port = portOf(id);
            int[] start = layout.inputTargetStart()[port];
            int[] targets = layout.inputTargets()[port];
            for (int t = start[id - hostIds[port]]; t < start[id - hostIds[port] + 1]; t++) {
                cores[at] = targets[2 * t];
                blocks[at++] = targets[2 * t + 1];
            }
        }
        return at;
    }

    /** How many (core, block) targets the input axon of sender id {@code id} has. */
    private int targetCount(int id) {
        int port = portOf(id);
        int[] start = layout.inputTargetStart()[port];
        return start[id - hostIds[port] + 1] - start[id - hostIds[port]];
    }

    /** The input port whose axons the sender id {@code id} is among ({@link #hostIds}). */
    private int portOf(int id) {
        int port = 0;
        while (hostIds[port + 1] <= id) {
            port++;
        }
        return port;
    }

    /** LOIHI.md steps 2..7 for the shard's cores that are not at rest, in Java, and the list of their spikes. */
    private void updateInJava(CoreShard shard) {
        shard.spikeCount = 0;
        for (int c = shard.coreFrom, cores = shard.coreTo; c < cores; ) {
            if (!active(c)) {
                c++;
                continue;
            }
            // neighbouring active cores with the same vmin and vmax are updated in one loop:
            // small cores alone (5 or 32 compartments) leave the vectors mostly empty
            int first = c;
            do {
                qBound[c++] = 0;
            } while (c < cores && active(c) && coreVmin[c] == coreVmin[first] && coreVmax[c] == coreVmax[first]);
            update(coreStart[first], coreStart[c], coreVmin[first], coreVmax[first]);
            for (int k = first; k < c; k++) {
                finishCore(shard, k);
            }
        }
    }

    /** The shards' spike lists, one after the other, become the step's list; their warnings the network's. */
    private void joinShards() {
        if (shards.length == 1) {
            // the one list is the step's: swapped, not copied
            CoreShard s = shards[0];
            int[] swap = stepSpikes;
            stepSpikes = s.spikes;
            s.spikes = swap;
            stepSpikeCount = s.spikeCount;
        } else {
            int count = 0;
            for (CoreShard s : shards) {
                System.arraycopy(s.spikes, 0, stepSpikes, count, s.spikeCount);
                count += s.spikeCount;
            }
            stepSpikeCount = count;
        }
        for (CoreShard s : shards) {
            qWrapped |= s.qWrapped;
            uWrapped |= s.uWrapped;
            u2Wrapped |= s.u2Wrapped;
        }
    }

    /**
     * LOIHI.md step 1: the spikes the host and the compartments sent in the previous step add
     * their blocks' weights to q (a plain sum: the order does not matter), those of the shard's
     * cores. The host's and the compartments' spikes are delivered by the native kernel in one
     * call ({@code NativeAdds.deliverStep}), which prefetches the blocks of the spikes ahead of
     * the one it adds, or in Java ({@link #deliverInJava}). On several threads the compartments'
     * spikes come as the blocks posted to shard k ({@link #deliverPosted}).
     */
    private void deliver(int k, CoreShard shard) {
        final int lo = shard.coreFrom;
        final int hi = shard.coreTo;
        // with an exchange, only the host's spikes are delivered from a list of spikes
        int spikeCount = exchange == null ? stepSpikeCount : 0;
        if (nativeAdds) {
            // host and compartment spikes in one call: on small networks the crossing is a step's fixed cost
            if (hostArrivingCount + spikeCount > 0) {
                NativeAdds.deliverStep(q, synapses, hostArrivingCore, hostArrivingBlock, hostArrivingCount, stepSpikes,
                        spikeCount, exchange == null ? shard.routeStart : routeStart,
                        exchange == null ? shard.routeTargets : routeTargets, coreStart, qBound, lo, hi,
                        spikeCount >= TOUCH_MIN_SPIKES ? prefetch : NativeAdds.PREFETCH_NONE);
            }
        } else {
            for (int h = 0; h < hostArrivingCount; h++) {
                int c = hostArrivingCore[h];
                if (c >= lo && c < hi) {
                    qBound[c] += addBlock(shard, hostArrivingBlock[h], coreStart[c]);
                }
            }
            if (exchange == null) {
                deliverInJava(shard);
            }
        }
        if (exchange != null) {
            deliverPosted(k);
        }
        if (populationTargets.length > 0) {
            deliverPopulation(shard);
        }
        flush(shard);
    }

    /**
     * The blocks every shard posted to shard k in the last step ({@link SpikeExchange}): by the
     * native kernel, a sender's list per call, its blocks fetched ahead, or in Java.
     */
    private void deliverPosted(int k) {
        for (int sender = 0; sender < shards.length; sender++) {
            int[] pairs = exchange.delivered(sender);
            int from = exchange.deliveredFrom(sender, k);
            int ints = exchange.deliveredInts(sender, k);
            if (ints == 0) {
                continue;
            }
            if (nativeAdds) {
                NativeAdds.deliverPairs(q, synapses, coreStart, qBound, pairs, from, ints / 2,
                        ints / 2 >= TOUCH_MIN_SPIKES ? prefetch : NativeAdds.PREFETCH_NONE);
            } else {
                for (int p = from; p < from + ints; p += 2) {
                    int c = pairs[p];
                    qBound[c] += addBlock(shards[k], pairs[p + 1], coreStart[c]);
                }
            }
        }
    }

    /** {@link #deliver}'s compartment spikes, added in Java: the blocks of a batch of spikes read ahead, then added. */
    private void deliverInJava(CoreShard shard) {
        final long[] bound = qBound;
        final int[] base = coreStart;
        final int lo = shard.coreFrom;
        final int hi = shard.coreTo;
        final int[] spikes = stepSpikes;
        final int[] start = shard.routeStart;
        final int[] pairs = shard.routeTargets;
        for (int from = 0, count = stepSpikeCount; from < count; from += CoreShard.TOUCH_SPIKES) {
            int to = Math.min(count, from + CoreShard.TOUCH_SPIKES);
            if (touchAhead && count >= TOUCH_MIN_SPIKES) {
                touch(shard, spikes, from, to);
            }
            for (int s = from; s < to; s++) {
                int i = spikes[s];
                for (int k = 2 * start[i], e = 2 * start[i + 1]; k < e; k += 2) {
                    int c = pairs[k];
                    if (c >= lo && c < hi) {
                        bound[c] += addBlock(shard, pairs[k + 1], base[c]);
                    }
                }
            }
        }
    }

    /**
     * Population spikes (LOIHI.md, "Population axons"): each route names the block of the
     * spike's atom row in the axon's weight list and the axon's base; the row's compartments are
     * relative to that base. Kept out of {@link #deliver}'s loop so that discrete networks run
     * exactly the loop they ran before.
     */
    private void deliverPopulation(CoreShard shard) {
        final long[] bound = qBound;
        final int[] base = coreStart;
        final int lo = shard.coreFrom;
        final int hi = shard.coreTo;
        final int[] spikes = stepSpikes;
        final int[] start = populationStart;
        final int[] triples = populationTargets;
        for (int s = 0, count = stepSpikeCount; s < count; s++) {
            int i = spikes[s];
            for (int k = 3 * start[i], e = 3 * start[i + 1]; k < e; k += 3) {
                int c = triples[k];
                if (c >= lo && c < hi) {
                    bound[c] += add(shard, triples[k + 1], base[c] + triples[k + 2]);
                }
            }
        }
    }

    /**
     * Adds the block at {@code offset} to the q of the core at {@code base}: at once in Java, or
     * queued for the native kernel (added by {@link #flush} before anything reads q). Returns
     * 2^(bound bits), as {@link #addBlock}.
     */
    private long add(CoreShard shard, int offset, int base) {
        if (!nativeAdds) {
            return addBlock(shard, offset, base);
        }
        if (shard.batchCount == CoreShard.BATCH) {
            flush(shard);
        }
        shard.batchOffsets[shard.batchCount] = offset;
        shard.batchBases[shard.batchCount++] = base;
        return 1L << synapses[offset + NetworkLayout.BOUND_BITS];
    }

    /** The blocks queued for the native kernel, added. */
    private void flush(CoreShard shard) {
        if (shard.batchCount > 0) {
            NativeAdds.addBlocks(q, synapses, shard.batchOffsets, shard.batchBases, shard.batchCount);
            shard.batchCount = 0;
        }
    }

    /**
     * LOIHI.md step 1 for one spike: the block's weights are added to the q of the core at
     * {@code base} (a dense block by {@link VectorAdds}: with vectors where the JVM has the Vector API).
     * Returns 2^(bound bits): no compartment's q moved by more than that.
     */
    private long addBlock(CoreShard shard, int offset, int base) {
        final short[] mem = synapses;
        final int[] acc = q;
        int length = mem[offset];
        int info = mem[offset + 1];
        int shift = NetworkLayout.shift(info);
        if ((info & NetworkLayout.BYTE_WEIGHTS) != 0) {
            // widened to shorts first, so that the vector path adds them as whole vectors too
            final short[] values = shard.unpacked;
            int w = offset + NetworkLayout.DENSE_HEADER;
            for (int k = 0; k < length; k++) {
                values[k] = (short) NetworkLayout.byteValue(mem, w, k);
            }
            VectorAdds.add(acc, base + mem[offset + NetworkLayout.DENSE_HEADER - 1], values, 0, length, shift);
        } else if ((info & 1) != 0) {
            int first = base + mem[offset + NetworkLayout.DENSE_HEADER - 1];
            int w = offset + NetworkLayout.DENSE_HEADER;
            VectorAdds.add(acc, first, mem, w, length, shift);
        } else {
            int pair = offset + NetworkLayout.SPARSE_HEADER;
            for (int k = 0; k < length; k++) {
                acc[base + mem[pair + 2 * k]] += mem[pair + 2 * k + 1] << shift;
            }
        }
        return 1L << mem[offset + NetworkLayout.BOUND_BITS];
    }

    /**
     * Sums core c's q again in 64 bits, from the spikes delivered this step, when the int sum
     * may have overflowed; then stores q already wrapped (noting the warning), which the int
     * path leaves as it is. The wrapped q is the same either way (an int sum is exact modulo
     * 2^32, which 2^22 divides): what only the 64-bit sum can tell is whether q wrapped, when
     * the int sum lands back inside 22 bits. Rare: it takes about a thousand of the largest
     * weights on one compartment in one step.
     */
    private void sumWide(CoreShard shard, int c, int[] hostCores, int[] hostBlocks, int hostCount) {
        final long[] wide = shard.wide;
        final short[] mem = synapses;
        final int base = coreStart[c];
        final int n = coreStart[c + 1] - base;
        Arrays.fill(wide, 0, n, 0);
        for (int k = 0; k < hostCount; k++) {
            if (hostCores[k] == c) {
                addWide(wide, mem, hostBlocks[k], 0);
            }
        }
        for (int s = 0; s < stepSpikeCount; s++) {
            int i = stepSpikes[s];
            for (int k = 2 * routeStart[i], e = 2 * routeStart[i + 1]; k < e; k += 2) {
                if (routeTargets[k] == c) {
                    addWide(wide, mem, routeTargets[k + 1], 0);
                }
            }
            for (int k = 3 * populationStart[i], e = 3 * populationStart[i + 1]; k < e; k += 3) {
                if (populationTargets[k] == c) {
                    addWide(wide, mem, populationTargets[k + 1], populationTargets[k + 2]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            long sum = wide[i];
            int wrapped = (int) (sum << 64 - 22 >> 64 - 22);
            shard.qWrapped |= sum != wrapped;
            q[base + i] = wrapped;
        }
    }

    /** Adds the block at {@code offset} to {@code wide}, its compartments shifted by {@code base} (a population axon's). */
    private static void addWide(long[] wide, short[] mem, int offset, int base) {
        int length = mem[offset];
        int info = mem[offset + 1];
        int shift = NetworkLayout.shift(info);
        if ((info & 1) != 0) {
            int first = base + mem[offset + NetworkLayout.DENSE_HEADER - 1];
            int w = offset + NetworkLayout.DENSE_HEADER;
            boolean bytes = (info & NetworkLayout.BYTE_WEIGHTS) != 0;
            for (int k = 0; k < length; k++) {
                long value = bytes ? NetworkLayout.byteValue(mem, w, k) : mem[w + k];
                wide[first + k] += value << shift;
            }
        } else {
            int pair = offset + NetworkLayout.SPARSE_HEADER;
            for (int k = 0; k < length; k++) {
                wide[base + mem[pair + 2 * k]] += (long) mem[pair + 2 * k + 1] << shift;
            }
        }
    }

    /**
     * Reads the routes and blocks the spikes {@code spikes[from..to)} are about to add, in loops
     * with no other work: the reads are independent, so the processor overlaps their cache
     * misses, where the adding loop, each block waiting on its own header, would take them one
     * at a time. On a full chip (21 MB of synapse memory) this is most of the cost of a step.
     * Only the blocks of the shard's cores are read.
     */
    private void touch(CoreShard shard, int[] spikes, int from, int to) {
        final short[] mem = synapses;
        final int[] start = shard.routeStart;
        final int[] pairs = shard.routeTargets;
        final int[] routesFrom = shard.touchFrom;
        final int[] routesTo = shard.touchTo;
        final int lo = shard.coreFrom;
        final int hi = shard.coreTo;
        final int last = mem.length - 1;
        final int lastPair = pairs.length - 1;
        final int count = to - from;
        int sum = 0;
        // three passes of independent reads, each over what the one before brought in: where the
        // routes start, the routes, the blocks (one pass of chained reads overlapped less: 1.5x)
        for (int k = 0; k < count; k++) {
            int i = spikes[from + k];
            routesFrom[k] = 2 * start[i];
            routesTo[k] = 2 * start[i + 1];
        }
        for (int k = 0; k < count; k++) {
            sum += pairs[Math.min(routesFrom[k], lastPair)];
        }
        for (int k = 0; k < count; k++) {
            for (int r = routesFrom[k] + 1, e = routesTo[k]; r < e; r += 2) {
                int c = pairs[r - 1];
                if (c >= lo && c < hi) {
                    int offset = pairs[r];
                    sum += mem[offset] + mem[Math.min(offset + TOUCH_SHORTS, last)];
                }
            }
        }
        // kept so that the reads are not removed as dead code
        shard.touched += sum;
    }

    /** Whether core c is updated this step: something arrived, or its state is not all zero. */
    private boolean active(int c) {
        return qBound[c] != 0 || !coreAtRest[c];
    }

    /** After core c's update: the list of its compartments that spiked, whether it is at rest, and the warnings. */
    private void finishCore(CoreShard shard, int c) {
        int any = listSpikes(shard, coreStart[c], coreStart[c + 1]);
        coreAtRest[c] = (any & LIVE) == 0 && coreBiasFree[c];
        noteWraps(shard, any);
    }

    /** The wrap bits of {@link #spiked} words ORed together, noted as the shard's warnings. */
    private static void noteWraps(CoreShard shard, int any) {
        shard.qWrapped |= (any & Q_WRAPPED) != 0;
        shard.uWrapped |= (any & U_WRAPPED) != 0;
        shard.u2Wrapped |= (any & U2_WRAPPED) != 0;
    }

    /** Bits of a compartment's {@link #spiked} word, written by {@link #update}. */
    static final int SPIKED = 1;
    private static final int Q_WRAPPED = 2;
    private static final int U_WRAPPED = 4;
    private static final int U2_WRAPPED = 8;
    /** Some state (u, v or the refractory counter) is not zero. */
    private static final int LIVE = 16;

    /**
     * LOIHI.md steps 2..7 for compartments [from, to) (cores that share vmin and vmax), in a
     * loop without a branch or a call so that C2 vectorises it (about 7x faster than the same
     * loop in scalar code): every quantity fits an int (|u|, |v| below 2^23, decay factors at
     * most 4096, q exact as an int by {@link #qBound}); the decay sign(x) * ((|x| * keep) >> 12) is split as
     * |x| = a * 4096 + b into a * keep + ((b * keep) >> 12), each product below 2^24; the clip
     * and the refractory and spike cases are masks. What the step found out about each
     * compartment (spiked, wrapped, left non-zero) goes into its {@link #spiked} word rather
     * than into ORs across the loop, which C2 (JDK 17) vectorised only in some shapes of the
     * code around them; {@link #listSpikes} reads every word anyway. The arrays are read from
     * fields: passed as arguments, the same loop was not vectorised.
     */
    private void update(int from, int to, int vmin, int vmax) {
        final int[] qs = q;
        final int[] us = u;
        final int[] vs = v;
        final int[] refract = refractCount;
        final int[] flags = spiked;
        final int[] uKeeps = uKeep;
        final int[] vKeeps = vKeep;
        final int[] thresholds = vth;
        final int[] biases = bias;
        final int[] delays = refractDelay;
        for (int i = from; i < to; i++) {
            int qRaw = qs[i];
            qs[i] = 0;
            int qNow = (qRaw << Q_WRAP_SHIFT) >> Q_WRAP_SHIFT;
            int qDiff = qRaw ^ qNow;
            // the decays written out: a call left in the loop (C2 inlines a 37-byte method only
            // where its profile calls the site hot) stops the loop being vectorised
            int uOld = us[i];
            int uSign = uOld >> 31;
            int uMag = (uOld ^ uSign) - uSign;
            int uFactor = uKeeps[i];
            int uKept = (uMag >>> 12) * uFactor + (((uMag & 4095) * uFactor) >>> 12);
            int uRaw = ((uKept ^ uSign) - uSign) + qNow;
            int uNew = (uRaw << U_WRAP_SHIFT) >> U_WRAP_SHIFT;
            int uDiff = uRaw ^ uNew;
            us[i] = uNew;
            int u2Raw = uNew + biases[i];
            int u2 = (u2Raw << U_WRAP_SHIFT) >> U_WRAP_SHIFT;
            int u2Diff = u2Raw ^ u2;
            int vOld = vs[i];
            int vSign = vOld >> 31;
            int vMag = (vOld ^ vSign) - vSign;
            int vFactor = vKeeps[i];
            int vKept = (vMag >>> 12) * vFactor + (((vMag & 4095) * vFactor) >>> 12);
            int vSum = ((vKept ^ vSign) - vSign) + u2;
            // clipped to [vmin, vmax] with masks: Math.min and max are not vectorised either
            int over = vSum - vmax;
            vSum -= over & ~(over >> 31);
            int under = vmin - vSum;
            int vNew = vSum + (under & ~(under >> 31));
            int r = refract[i];
            // -1 while the counter is above 0 (v held at 0), else 0
            int resting = -r >> 31;
            // -1 on a spike: v > vth, strictly, and not resting
            int fire = ((thresholds[i] - vNew) >> 31) & ~resting;
            int vOut = vNew & ~(resting | fire);
            // a spike sets the counter to the delay and then lowers it with all others: R-1 silent steps
            int rOut = ((r - 1) & resting) | ((delays[i] - 1) & fire);
            vs[i] = vOut;
            refract[i] = rOut;
            int live = uNew | vOut | rOut;
            // (x | -x) >>> 31 is 1 for any x but 0
            flags[i] = (fire & SPIKED) | (qDiff | -qDiff) >>> 31 << 1 | (uDiff | -uDiff) >>> 31 << 2
                    | (u2Diff | -u2Diff) >>> 31 << 3 | (live | -live) >>> 31 << 4;
        }
    }

    /**
     * Appends the compartments of [from, to) that spiked to the shard's list, without a
     * branch; returns the OR of their {@link #spiked} words.
     */
    private int listSpikes(CoreShard shard, int from, int to) {
        final int[] flags = spiked;
        final int[] spikes = shard.spikes;
        int count = shard.spikeCount;
        int any = 0;
        for (int i = from; i < to; i++) {
            int f = flags[i];
            spikes[count] = i;
            count += f & SPIKED;
            any |= f;
        }
        shard.spikeCount = count;
        return any;
    }

    /** Bytes held by the layout and the state (registers, synapses, routes, state, spike buffers). */
    long memoryBytes() {
        return layout.memoryBytes() + stateBytes();
    }

    /** Bytes of what changes while stepping (q, u, v, counters, spike flags and lists), the shards' own routes and the packed registers. */
    long stateBytes() {
        // what the shards post to each other counts as theirs
        long shardBytes = exchange == null ? 0 : exchange.bytes();
        for (CoreShard s : shards) {
            shardBytes += (long) s.spikes.length * Integer.BYTES + (long) s.wide.length * Long.BYTES
                    + s.ownRouteBytes(routeStart);
        }
        return ((long) q.length + u.length + v.length + refractCount.length + spiked.length + stepSpikes.length
                + 2L * (hostArrivingCore.length + hostSendingCore.length)) * Integer.BYTES
                + (long) qBound.length * Long.BYTES + shardBytes + coreAtRest.length + coreBiasFree.length
                + (packedRegisters == null ? 0 : (long) packedRegisters.length * Integer.BYTES)
                + (wholeNetwork == null ? 0 : wholeNetwork.capacity())
                + (wholeState == null ? 0 : wholeState.bytes());
    }
}
