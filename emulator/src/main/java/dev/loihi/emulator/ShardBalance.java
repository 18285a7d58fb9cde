package dev.loihi.emulator;

/**
 * How the cores of one network are shared out over its stepping threads
 * ({@link CoreShard#split(int[], long[], int)}): a thread's step costs what its cores receive and
 * update, not how many compartments they hold. Before the first step the work is estimated from
 * the network alone ({@link #estimate}); then each shard counts the work of its own cores over the
 * first {@link #STEPS} steps, on its own thread, and the cores are split again by the counts when
 * that lightens the busiest shard by at least 1/{@link #RESPLIT_GAIN} ({@link #pays}). No split
 * changes an output (every shard adds the same blocks whatever the split), only which thread
 * does what.
 *
 * <p>Work is counted in synapse events, plus a compartment's update and a block's header and
 * first cache line as {@link #BLOCK_EVENTS} events (estimates, not tuned).
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

    private final long[] work;
    private int steps;

    ShardBalance(int cores) {
        work = new long[cores];
    }

    /**
     * The work of the cores before each core (as {@link #before()}) expected from the network
     * alone, over {@link #SPIKE_INTERVAL} steps: every compartment updated each step, and every
     * compartment and host axon spiking once, adding each block its routes reach.
     */
    static long[] estimate(NetworkLayout layout) {
        int[] coreStart = layout.coreStart();
        short[] mem = layout.synapseMemory();
        ShardBalance counts = new ShardBalance(layout.coreCount());
        for (int c = 0; c < layout.coreCount(); c++) {
            counts.update(c, SPIKE_INTERVAL * (coreStart[c + 1] - coreStart[c]));
        }
        counts.blocks(mem, layout.routeTargets(), 2);
        counts.blocks(mem, layout.populationTargets(), 3);
        for (int[] port : layout.inputTargets()) {
            counts.blocks(mem, port, 2);
        }
        long[] sums = counts.before();
        return sums != null ? sums : new long[layout.coreCount() + 1];
    }

    /** Every block of {@code targets}, tuples of {@code width} ints whose first two are a core and a block offset. */
    private void blocks(short[] mem, int[] targets, int width) {
        for (int k = 0; k < targets.length; k += width) {
            block(targets[k], mem, targets[k + 1]);
        }
    }

    /** Core c receives the block at {@code offset} of {@code mem} (NetworkLayout's format). */
    void block(int c, short[] mem, int offset) {
        work[c] += BLOCK_EVENTS + mem[offset];
    }

    /** Core c's compartments were updated. */
    void update(int c, int compartments) {
        work[c] += compartments;
    }

    /** Ends a counted step; true once {@link #STEPS} are counted. */
    boolean stepDone() {
        return ++steps >= STEPS;
    }

    /** The work of the cores before each core (one entry more than cores), or null when nothing was counted. */
    long[] before() {
        long[] sums = new long[work.length + 1];
        for (int c = 0; c < work.length; c++) {
            sums[c + 1] = sums[c] + work[c];
        }
        return sums[work.length] == 0 ? null : sums;
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
