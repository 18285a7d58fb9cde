package dev.loihi.emulator;

/**
 * The work of each core counted over a network's first {@link #STEPS} steps, from which its cores
 * are split over the stepping threads again ({@link CoreShard#split(int[], long[], int)}): the
 * first split shares compartments, but a thread's step costs what its cores receive, which
 * depends on the spike rates. The split changes no output (every shard adds the same blocks
 * whatever the split), only which thread does what.
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

    private final long[] work;
    private int steps;

    ShardBalance(int cores) {
        work = new long[cores];
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
}
