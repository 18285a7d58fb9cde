package dev.loihi.emulator;

/**
 * How the cores of one network are shared out over its stepping threads
 * ({@link CoreShard#split(int[], long[], int)}): a thread's step costs what its cores receive and
 * update, not how many compartments they hold. Before the first step the work is estimated from
 * the network alone ({@link #estimate}); then, over the first {@link #STEPS} steps, each shard
 * counts on its own thread the spikes of its compartments, the host's blocks to its cores and
 * their updates, and the cores are split again by that work ({@link #before}) when it lightens
 * the busiest shard by at least 1/{@link #RESPLIT_GAIN} ({@link #pays}). No split changes an
 * output (every shard adds the same blocks whatever the split), only which thread does what.
 *
 * <p>Work is counted in synapse events, plus a compartment's update and a block's header and
 * first cache line as {@link #BLOCK_EVENTS} events (estimates, not tuned). Spikes are counted by
 * their sender, not by the blocks they reach: walking each spike's routes and reading each
 * block's length while stepping cost a cache miss per block, more than the step's own delivery
 * (the native kernel's reads ahead), and doubled a step on 8 chips; the routes are walked once,
 * when the counts are summed, each block at its core's mean cost.
 */
final class ShardBalance {
    /**
     * Steps counted before the split: a spike reaches the next layer a step later, so a network
     * that starts at rest needs a step per layer before its deepest cores work at all.
     */
    static final int STEPS = 32;
    /** What reading a block costs beyond its synapses (a random cache line on a big network), in synapse events. */
    static final int BLOCK_EVENTS = 8;
    /**
     * Steps between two spikes of a compartment or host axon that the estimate assumes (about
     * the 10-18% spiking of the benchmark networks): it weighs a block delivered against a
     * compartment updated every step.
     */
    static final int SPIKE_INTERVAL = 8;
    /**
     * The counted split replaces the current one only when its busiest shard has at least
     * 1/RESPLIT_GAIN less work: a new split copies every shard's routes (about 170 MB on 32
     * chips), which a move of a core or two on a uniform network does not repay.
     */
    static final int RESPLIT_GAIN = 20;

    private final NetworkLayout layout;
    /** Per core: the events of the blocks the compartments' routes reach it by, and how many blocks. */
    private final long[] routeEvents;
    private final long[] routeBlocks;
    /** Per core: the events of the host's blocks, over the network's input axons (for the estimate). */
    private final long[] hostEvents;
    /** Per core: the work counted so far but the compartments' spikes (host blocks, updates). */
    private final long[] work;
    /** Per compartment: its spikes counted so far. */
    private final int[] fired;
    private int steps;

    ShardBalance(NetworkLayout layout) {
        this.layout = layout;
        int cores = layout.coreCount();
        short[] mem = layout.synapseMemory();
        routeEvents = new long[cores];
        routeBlocks = new long[cores];
        hostEvents = new long[cores];
        work = new long[cores];
        fired = new int[layout.compartmentCount()];
        blocks(routeEvents, routeBlocks, mem, layout.routeTargets(), 2);
        blocks(routeEvents, routeBlocks, mem, layout.populationTargets(), 3);
        long[] hostBlocks = new long[cores];
        for (int[] port : layout.inputTargets()) {
            blocks(hostEvents, hostBlocks, mem, port, 2);
        }
    }

    /** Adds the events and the count of each block of {@code targets}, tuples of {@code width} ints led by a core and a block offset. */
    private static void blocks(long[] events, long[] count, short[] mem, int[] targets, int width) {
        for (int k = 0; k < targets.length; k += width) {
            events[targets[k]] += cost(mem, targets[k + 1]);
            count[targets[k]]++;
        }
    }

    /** What adding the block at {@code offset} of {@code mem} (NetworkLayout's format) costs, in synapse events. */
    private static int cost(short[] mem, int offset) {
        return BLOCK_EVENTS + mem[offset];
    }

    /**
     * The work of the cores before each core (as {@link #before()}) expected from the network
     * alone, over {@link #SPIKE_INTERVAL} steps: every compartment updated each step, and every
     * compartment and host axon spiking once, adding each block its routes reach.
     */
    long[] estimate() {
        int[] coreStart = layout.coreStart();
        long[] each = new long[routeEvents.length];
        for (int c = 0; c < each.length; c++) {
            each[c] = (long) SPIKE_INTERVAL * (coreStart[c + 1] - coreStart[c]) + routeEvents[c] + hostEvents[c];
        }
        return sums(each);
    }

    /** Core c receives the host's block at {@code offset} of {@code mem}. */
    void hostBlock(int c, short[] mem, int offset) {
        work[c] += cost(mem, offset);
    }

    /** Core c's compartments were updated. */
    void update(int c, int compartments) {
        work[c] += compartments;
    }

    /** The compartments {@code spikes[0..count)} spiked (each shard its own, so no two threads count one). */
    void fired(int[] spikes, int count) {
        for (int s = 0; s < count; s++) {
            fired[spikes[s]]++;
        }
    }

    /** Ends a counted step; true once {@link #STEPS} are counted. */
    boolean stepDone() {
        return ++steps >= STEPS;
    }

    /**
     * The work counted, of the cores before each core (one entry more than cores), or null when
     * nothing was counted: each spike's blocks at their core's mean cost, and what the shards
     * counted per core.
     */
    long[] before() {
        long[] arrivals = new long[work.length];
        arrivals(arrivals, layout.routeStart(), layout.routeTargets(), 2);
        arrivals(arrivals, layout.populationStart(), layout.populationTargets(), 3);
        long[] each = new long[work.length];
        for (int c = 0; c < work.length; c++) {
            // in double: arrivals times events may pass a long on a core that many routes reach
            double routed = routeBlocks[c] == 0 ? 0 : (double) arrivals[c] * routeEvents[c] / routeBlocks[c];
            each[c] = work[c] + (long) routed;
        }
        long[] sums = sums(each);
        return sums[work.length] == 0 ? null : sums;
    }

    /** Adds to each core the blocks that the counted spikes reached it by, through routes of {@code width} ints. */
    private void arrivals(long[] arrivals, int[] start, int[] targets, int width) {
        for (int i = 0; i < fired.length; i++) {
            if (fired[i] != 0) {
                for (int k = width * start[i], e = width * start[i + 1]; k < e; k += width) {
                    arrivals[targets[k]] += fired[i];
                }
            }
        }
    }

    private static long[] sums(long[] each) {
        long[] sums = new long[each.length + 1];
        for (int c = 0; c < each.length; c++) {
            sums[c + 1] = sums[c] + each[c];
        }
        return sums;
    }

    /**
     * Whether the shards {@code next} are worth moving to from {@code now}, by the work
     * {@code before} the cores: their busiest shard has at least 1/{@link #RESPLIT_GAIN} less.
     */
    static boolean pays(CoreShard[] now, CoreShard[] next, long[] before) {
        return busiest(next, before) * RESPLIT_GAIN <= busiest(now, before) * (RESPLIT_GAIN - 1);
    }

    private static long busiest(CoreShard[] shards, long[] before) {
        long most = 0;
        for (CoreShard s : shards) {
            most = Math.max(most, before[s.coreTo] - before[s.coreFrom]);
        }
        return most;
    }
}
