package dev.loihi.emulator;

/**
 * The cores [{@link #coreFrom}, {@link #coreTo}) of a network that one thread steps, with what
 * that thread writes while it does: the q, u, v of these cores (in the runtime's arrays, which
 * no other shard touches), the list of their compartments that spiked, the wrap-around it saw
 * and its scratch buffers. Shards are contiguous and in core order, so their spike lists one
 * after the other are the network's list, ascending.
 */
final class CoreShard {
    /** Spikes whose blocks are read ahead at once (see NetworkRuntime.touch). */
    static final int TOUCH_SPIKES = 128;

    final int coreFrom;
    final int coreTo;
    /** Compartments of these cores that spiked in this step, ascending; one slot more than the compartments. */
    int[] spikes;
    int spikeCount;
    /**
     * The network's routes (NetworkLayout's routeStart and routeTargets) cut down to the targets
     * on these cores, or the network's own arrays when one shard has every core: a shard then
     * walks only its own routes, and the test for whether a target is its own, which failed at
     * random for half of a full chip's routes on two threads, always passes. Null where several
     * shards step a network: their blocks come through a SpikeExchange.
     */
    int[] routeStart;
    int[] routeTargets;
    /** Blocks queued for the native kernel per call (NetworkRuntime.queue). */
    static final int BATCH = 256;

    final int[] touchFrom = new int[TOUCH_SPIKES];
    final int[] touchTo = new int[TOUCH_SPIKES];
    /** Blocks queued for the native kernel: offset in synapse memory, first compartment of the target core. */
    final int[] batchOffsets = new int[BATCH];
    final int[] batchBases = new int[BATCH];
    int batchCount;
    /** A block's byte weights widened to shorts for the Java adds (a block spans at most its core). */
    final short[] unpacked;
    /** A core's q summed in 64 bits (NetworkRuntime.sumWide). */
    final long[] wide;
    /** Sum of the values read ahead; meaningless, it only keeps those reads alive. */
    int touched;
    boolean qWrapped;
    boolean uWrapped;
    boolean u2Wrapped;

    CoreShard(int coreFrom, int coreTo, int compartments, int largestCore) {
        this.coreFrom = coreFrom;
        this.coreTo = coreTo;
        spikes = new int[compartments + 1];
        wide = new long[largestCore];
        unpacked = new short[largestCore];
    }

    /** Takes the routes of {@code start} and {@code pairs} to this shard's cores (all, when it has every core). */
    void takeRoutes(int[] start, int[] pairs, int cores) {
        if (coreFrom == 0 && coreTo == cores) {
            routeStart = start;
            routeTargets = pairs;
            return;
        }
        int senders = start.length - 1;
        int[] ownStart = new int[senders + 1];
        int own = 0;
        for (int i = 0; i < senders; i++) {
            for (int k = 2 * start[i]; k < 2 * start[i + 1]; k += 2) {
                own += owns(pairs[k]) ? 1 : 0;
            }
            ownStart[i + 1] = own;
        }
        int[] ownPairs = new int[2 * own];
        int at = 0;
        for (int k = 0; k < 2 * start[senders]; k += 2) {
            if (owns(pairs[k])) {
                ownPairs[at++] = pairs[k];
                ownPairs[at++] = pairs[k + 1];
            }
        }
        routeStart = ownStart;
        routeTargets = ownPairs;
    }

    /** Bytes of the routes this shard holds apart from the network's (0 when it uses the network's). */
    long ownRouteBytes(int[] networkStart) {
        return routeStart == null || routeStart == networkStart ? 0
                : ((long) routeStart.length + routeTargets.length) * Integer.BYTES;
    }

    /** Whether core c is one of this shard's. */
    boolean owns(int c) {
        return c >= coreFrom && c < coreTo;
    }

    void reset() {
        spikeCount = 0;
        qWrapped = false;
        uWrapped = false;
        u2Wrapped = false;
    }

    /**
     * Splits the cores into at most {@code count} contiguous shards of about equal compartment
     * counts (never an empty one).
     */
    static CoreShard[] split(int[] coreStart, int count) {
        long[] compartments = new long[coreStart.length];
        for (int c = 0; c < coreStart.length; c++) {
            compartments[c] = coreStart[c];
        }
        return split(coreStart, compartments, count);
    }

    /**
     * Splits the cores into at most {@code count} contiguous shards of about equal work (never an
     * empty one), {@code work[c]} being the work of the cores before c (ascending, work[0] = 0).
     */
    static CoreShard[] split(int[] coreStart, long[] work, int count) {
        int cores = coreStart.length - 1;
        long total = work[cores];
        int shards = Math.max(1, Math.min(count, cores));
        CoreShard[] out = new CoreShard[shards];
        int c = 0;
        for (int s = 0; s < shards; s++) {
            int from = c;
            // the first core past the share of work due by the end of this shard,
            // leaving at least one core to each shard after it
            long due = total * (s + 1) / shards;
            int last = cores - (shards - 1 - s);
            c++;
            while (c < last && work[c] < due) {
                c++;
            }
            if (s == shards - 1) {
                c = cores;
            }
            int largest = 0;
            for (int k = from; k < c; k++) {
                largest = Math.max(largest, coreStart[k + 1] - coreStart[k]);
            }
            out[s] = new CoreShard(from, c, coreStart[c] - coreStart[from], largest);
        }
        return out;
    }
}
