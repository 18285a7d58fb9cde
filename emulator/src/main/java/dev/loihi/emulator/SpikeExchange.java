package dev.loihi.emulator;

import java.util.Arrays;

/**
 * The spikes of a step handed between the shards of a network stepped on several threads
 * ({@link CoreShard}, {@link StepTeam}). After its update each shard walks the routes of its own
 * compartments that spiked, once, and posts every route into the box of the shard that owns the
 * route's core; in the next step each shard delivers the boxes addressed to it, one flat list per
 * sender, and walks no spike of another shard's. Where every shard walked the whole step's spike
 * list, a full chip's spike (about 4 routes) cost each of two shards its route lookups for about 2
 * blocks of its own.
 *
 * <p>A sender's boxes are one array, a region per receiver (receiver r's from {@code regions[r]}
 * to {@code regions[r + 1]}), each holding pairs, one per route, as the network's route targets do:
 * <pre>
 *   | core | block offset in synapse memory | core | block offset | ...
 * </pre>
 * A region that fills up is doubled (the array laid out again and the spikes posted again), only
 * while the first steps find how much a step posts; each region grows to its own traffic, so a
 * shard whose spikes mostly stay in it holds one large region, not one per receiver.
 *
 * <p>There are two sets of boxes, which swap every step ({@link #turn}): a shard posts into one
 * while a slower one may still deliver from the other. The step's barrier publishes a set to its
 * readers; by the time a set is posted into again, the barrier after its delivery has passed.
 * The sums of a core's q are the same in any order of its blocks (integer adds; q wraps only in
 * the update), so the state is that of one thread.
 */
final class SpikeExchange {
    /** Ints a region starts with. */
    private static final int FIRST_CAPACITY = 64;
    /**
     * Where the counts of a sender's regions start in its {@link #used} array: a sender writes them
     * at every route, so each sender's are kept a cache line clear of the next one's.
     */
    static final int USED_AT = 16;

    /** Per core, the index of the shard that owns it. */
    private final int[] shardOfCore;
    private final int shards;
    private final boolean nativePosts;
    /** [set][sender]: the pairs posted, a region per receiver. */
    private final int[][][] boxes;
    /** [set][sender][r]: where receiver r's region starts in the box, and [shards] its end. */
    private final int[][][] regions;
    /** [set][sender][USED_AT + receiver]: ints used in each region. */
    private final int[][][] used;
    /** The set posted into in the step under way; the other one is delivered. */
    private int posting;

    /** Boxes for the shards of {@code shards}; {@code nativePosts}: the routes are walked by the native kernel. */
    SpikeExchange(CoreShard[] shards, int cores, boolean nativePosts) {
        this.shards = shards.length;
        this.nativePosts = nativePosts;
        shardOfCore = new int[cores];
        boxes = new int[2][this.shards][this.shards * FIRST_CAPACITY];
        regions = new int[2][this.shards][this.shards + 1];
        for (int[][] set : regions) {
            for (int[] starts : set) {
                for (int r = 0; r <= this.shards; r++) {
                    starts[r] = r * FIRST_CAPACITY;
                }
            }
        }
        used = new int[2][this.shards][USED_AT + this.shards + USED_AT];
        mapCores(shards);
    }

    private void mapCores(CoreShard[] split) {
        for (int k = 0; k < split.length; k++) {
            Arrays.fill(shardOfCore, split[k].coreFrom, split[k].coreTo, k);
        }
    }

    /**
     * Posts the routes of the compartments {@code spikes[0..count)} (those of shard
     * {@code sender}, or any with {@link #regroup}) into the regions of the shards that own their
     * cores, in the set of this step; the sender's regions of that set are emptied first.
     * {@code routeStart} and {@code routeTargets} are the network's (NetworkLayout's).
     */
    void post(int sender, int[] spikes, int count, int[] routeStart, int[] routeTargets) {
        int[] at = used[posting][sender];
        int[] starts = regions[posting][sender];
        while (true) {
            int[] box = boxes[posting][sender];
            Arrays.fill(at, 0);
            int full = nativePosts
                    ? NativeAdds.postRoutes(spikes, count, routeStart, routeTargets, shardOfCore, box, starts, at)
                    : postInJava(spikes, count, routeStart, routeTargets, box, starts, at);
            if (full < 0) {
                return;
            }
            // region full ran out: it doubles, the regions after it move on, and the spikes are posted again
            int grown = starts[full + 1] - starts[full];
            for (int r = full + 1; r <= shards; r++) {
                starts[r] += grown;
            }
            boxes[posting][sender] = new int[starts[shards]];
        }
    }

    /** {@link #post} in Java: returns -1, or the receiver whose region ran out, as the kernel's. */
    private int postInJava(int[] spikes, int count, int[] routeStart, int[] routeTargets, int[] box, int[] starts,
                           int[] at) {
        for (int s = 0; s < count; s++) {
            int i = spikes[s];
            for (int k = 2 * routeStart[i], e = 2 * routeStart[i + 1]; k < e; k += 2) {
                int c = routeTargets[k];
                int r = shardOfCore[c];
                int n = at[USED_AT + r];
                int from = starts[r];
                if (from + n + 2 > starts[r + 1]) {
                    return r;
                }
                box[from + n] = c;
                box[from + n + 1] = routeTargets[k + 1];
                at[USED_AT + r] = n + 2;
            }
        }
        return -1;
    }

    /**
     * Between steps, after the cores were split again into as many shards: the cores of each
     * shard taken from {@code split}, and the set of the step just taken posted again from the
     * whole step's spike list ({@code spikes[0..count)}), as if shard 0 had sent every spike, so
     * that it is addressed by the new split.
     */
    void regroup(CoreShard[] split, int[] spikes, int count, int[] routeStart, int[] routeTargets) {
        mapCores(split);
        for (int s = 1; s < shards; s++) {
            Arrays.fill(used[posting][s], 0);
        }
        post(0, spikes, count, routeStart, routeTargets);
    }

    /** Between steps: the set just posted is delivered in the next step, and the other one posted into. */
    void turn() {
        posting ^= 1;
    }

    /** The boxes {@code sender} posted into in the last step; {@code receiver}'s pairs from {@link #deliveredFrom}. */
    int[] delivered(int sender) {
        return boxes[posting ^ 1][sender];
    }

    /** Where {@code receiver}'s region starts in {@link #delivered}'s array. */
    int deliveredFrom(int sender, int receiver) {
        return regions[posting ^ 1][sender][receiver];
    }

    /** The ints of {@code receiver}'s region that hold pairs (twice the routes). */
    int deliveredInts(int sender, int receiver) {
        return used[posting ^ 1][sender][USED_AT + receiver];
    }

    /** Every box empty (a reset network has no spike on the way). */
    void clear() {
        for (int[][] set : used) {
            for (int[] sender : set) {
                Arrays.fill(sender, 0);
            }
        }
    }

    /** Bytes of the boxes, their counts and the core map. */
    long bytes() {
        long ints = shardOfCore.length;
        for (int k = 0; k < 2; k++) {
            for (int s = 0; s < shards; s++) {
                ints += boxes[k][s].length + used[k][s].length + regions[k][s].length;
            }
        }
        return ints * Integer.BYTES;
    }
}
