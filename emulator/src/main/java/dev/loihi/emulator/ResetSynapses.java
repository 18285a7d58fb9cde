package dev.loihi.emulator;

/**
 * The reset synapses of a network stepped whole ({@link NativeAdds#stepState}), taken out of its
 * route records and added by the compartment update instead: a route of compartment i to a dense
 * block of one synapse onto i itself (every hidden compartment of a compiled network has one,
 * about half the blocks a step of the jet tagger delivers). Where i spikes, the update writes the
 * synapse's weight (already shifted) into i's q, which it has just cleared, so the next step's
 * delivery adds the other blocks on top of it: the same sum, in another order (sums are taken
 * modulo 2^32, as the delivery's are). Between steps q then holds these weights of the last
 * step's spikes.
 *
 * <p>Only one such route per compartment is taken (a second one stays a record), and only one
 * whose shifted weight is not 0 and whose bound bits are 1..{@value #MAX_BOUND_BITS} (the weight
 * fits an int with room). The per-core bound ({@code NetworkRuntime}'s qBound: no compartment's q
 * moved by more than it) counts them as their blocks did, 2^(bound bits) for each spike, written by
 * the update for the next step, so that a step is summed again in 64 bits exactly where the two
 * calls a step would sum it so.
 */
final class ResetSynapses {
    /** Bound bits above this leave the synapse a record: 2^30 keeps the weight well inside an int. */
    static final int MAX_BOUND_BITS = 30;

    /** Per compartment: the weight its update adds on a spike (shifted), 0 where it has none. */
    private final int[] weights;
    /** Per compartment: 2^(bound bits) of its reset synapse, 0 where it has none. */
    private final int[] bounds;
    /** Per route (index into the pairs of routeTargets): whether it is taken out of the records. */
    private final boolean[] taken;
    private final int[] coreStart;

    private ResetSynapses(int[] weights, int[] bounds, boolean[] taken, int[] coreStart) {
        this.weights = weights;
        this.bounds = bounds;
        this.taken = taken;
        this.coreStart = coreStart;
    }

    /** The reset synapses of this network's routes. */
    static ResetSynapses of(short[] mem, int[] routeStart, int[] routeTargets, int[] coreStart) {
        int n = routeStart.length - 1;
        int cores = coreStart.length - 1;
        int[] weights = new int[n];
        int[] bounds = new int[n];
        boolean[] taken = new boolean[routeTargets.length / 2];
        for (int c = 0; c < cores; c++) {
            for (int i = coreStart[c]; i < coreStart[c + 1]; i++) {
                for (int k = routeStart[i]; k < routeStart[i + 1]; k++) {
                    int offset = routeTargets[2 * k + 1];
                    if (routeTargets[2 * k] != c || !isSelf(mem, offset, i - coreStart[c])) {
                        continue;
                    }
                    int bits = mem[offset + NetworkLayout.BOUND_BITS];
                    // shifted as the kernel shifts a record's weight: int arithmetic, wrapping alike
                    int weight = NetworkLayout.firstDenseValue(mem, offset) << NetworkLayout.shift(mem[offset + 1]);
                    // 0 marks a compartment without one: a weight whose shift wraps it to 0 stays a record
                    if (weight != 0 && bits >= 1 && bits <= MAX_BOUND_BITS) {
                        weights[i] = weight;
                        bounds[i] = 1 << bits;
                        taken[k] = true;
                        break;
                    }
                }
            }
        }
        return new ResetSynapses(weights, bounds, taken, coreStart);
    }

    /** None: every route stays a record (the tests of the delivery alone). */
    static ResetSynapses none(int compartments, int[] coreStart) {
        return given(new int[compartments], new int[compartments], coreStart);
    }

    /** These weights and bounds (2^(bound bits)), taking no route (the tests of the update alone). */
    static ResetSynapses given(int[] weights, int[] bounds, int[] coreStart) {
        return new ResetSynapses(weights, bounds, new boolean[0], coreStart);
    }

    /** Whether the block at offset is dense, of one synapse, onto compartment {@code index} of its core. */
    private static boolean isSelf(short[] mem, int offset, int index) {
        return (mem[offset + 1] & 1) != 0 && mem[offset] == 1 && mem[offset + NetworkLayout.DENSE_HEADER - 1] == index;
    }

    /** Whether route k (the k-th pair of routeTargets) is added by the update, not delivered. */
    boolean taken(int k) {
        return k < taken.length && taken[k];
    }

    /** Per compartment: the shifted weight of its reset synapse, 0 where none is taken. */
    int[] weights() {
        return weights;
    }

    /** Per compartment: 2^(bound bits) of its taken reset synapse, 0 where none. */
    int[] bounds() {
        return bounds;
    }

    /** How many are taken. */
    int count() {
        int count = 0;
        for (int w : weights) {
            count += w != 0 ? 1 : 0;
        }
        return count;
    }

    /**
     * What the kernel's update does after a step updated in Java (the rare one whose q was summed
     * in 64 bits): the weights of the step's {@code count} spikes (ascending) written into their
     * q, cleared by the update, and their bounds to their cores' (0 after the update).
     */
    void addAfterUpdate(int[] spikes, int count, int[] q, long[] bound) {
        int c = 0;
        for (int s = 0; s < count; s++) {
            int i = spikes[s];
            while (coreStart[c + 1] <= i) {
                c++;
            }
            if (weights[i] != 0) {
                q[i] = weights[i];
                bound[c] += bounds[i];
            }
        }
    }
}
