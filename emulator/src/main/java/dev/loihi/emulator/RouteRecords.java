package dev.loihi.emulator;

import java.util.Arrays;

/**
 * A small network's routes resolved once for the native kernel's whole step
 * ({@link NativeAdds#stepState}): one record of 4 ints per route pair (core, block offset), in
 * the same order, but for the reset synapses the update adds ({@link ResetSynapses}), so that a
 * spike's delivery reads no block header and no core start; compartment i's records are
 * {@code start[i]} to {@code start[i + 1]}. The host's input axons follow the compartments as
 * senders of their own: axon a of input port p is sender {@link #hostIds}{@code [p] + a}, its
 * records those of its (core, block) targets, so that the kernel takes a step's host spikes as
 * axons and resolves them as it resolves the compartments' spikes.
 *
 * <pre>
 *   | target | weights | length | shift &lt;&lt; 16 | dense &lt;&lt; 21 | single &lt;&lt; 22 | bytes &lt;&lt; 23 | bound bits &lt;&lt; 24 | core |
 * </pre>
 * target: the q index of a dense block's first compartment, or of a sparse block's core's first;
 * weights: where the block's weights (dense) or (compartment, weight) pairs (sparse) start in
 * synapse memory, in shorts (a bytes block's values, two to a short, from there), or for a
 * dense block of one synapse (a compartment's reset synapse to itself: half the blocks a compiled
 * dense network's step adds) its weight already shifted, so that the kernel adds it with no more
 * reading. Read by {@code deliver_resolved} in synapse_adds.c.
 */
record RouteRecords(int[] start, int[] records) {
    /** Ints per record. */
    static final int INTS = 4;
    private static final int LENGTH_LIMIT = 1 << 16;
    private static final int SHIFT_LIMIT = 1 << 5;
    private static final int DENSE = 1 << 21;
    private static final int SINGLE = 1 << 22;
    private static final int BYTES = 1 << 23;
    /** 2^(bound bits) is added to a 64-bit sum, so the bits are below 63. */
    private static final int BOUND_BITS_LIMIT = 63;

    /**
     * The records of the routes ({@code routeTargets}' pairs from {@code 2 * routeStart[i]} on for
     * compartment i) but those {@code resets} takes, or null where a block's fields do not fit a record.
     */
    static RouteRecords resolve(short[] mem, int[] routeStart, int[] routeTargets, int[] coreStart,
                                ResetSynapses resets, int[][] inputTargetStart, int[][] inputTargets) {
        int n = routeStart.length - 1;
        int[] ids = hostIds(n, inputTargetStart);
        int senders = ids[ids.length - 1];
        int pairs = routeTargets.length / 2;
        for (int[] targets : inputTargets) {
            pairs += targets.length / 2;
        }
        int[] start = new int[senders + 1];
        int[] records = new int[pairs * INTS];
        int r = 0;
        for (int i = 0; i < n; i++) {
            for (int k = routeStart[i]; k < routeStart[i + 1]; k++) {
                if (!resets.taken(k)) {
                    if (!resolve(mem, routeTargets[2 * k], routeTargets[2 * k + 1], coreStart, records, r)) {
                        return null;
                    }
                    r += INTS;
                }
            }
            start[i + 1] = r / INTS;
        }
        for (int p = 0; p < inputTargets.length; p++) {
            for (int a = 0; a + 1 < inputTargetStart[p].length; a++) {
                for (int k = inputTargetStart[p][a]; k < inputTargetStart[p][a + 1]; k++) {
                    if (!resolve(mem, inputTargets[p][2 * k], inputTargets[p][2 * k + 1], coreStart, records, r)) {
                        return null;
                    }
                    r += INTS;
                }
                start[ids[p] + a + 1] = r / INTS;
            }
        }
        return new RouteRecords(start, Arrays.copyOf(records, r));
    }

    /**
     * Per input port, the sender id of its axon 0 (after the {@code compartments} and the earlier
     * ports' axons), and last the number of senders.
     */
    static int[] hostIds(int compartments, int[][] inputTargetStart) {
        int[] ids = new int[inputTargetStart.length + 1];
        ids[0] = compartments;
        for (int p = 0; p < inputTargetStart.length; p++) {
            ids[p + 1] = ids[p] + inputTargetStart[p].length - 1;
        }
        return ids;
    }

    /** The record of the block at {@code offset} on {@code core} written at {@code r}; false where it does not fit. */
    private static boolean resolve(short[] mem, int core, int offset, int[] coreStart, int[] records, int r) {
        int length = mem[offset];
        int info = mem[offset + 1];
        int shift = NetworkLayout.shift(info);
        int boundBits = mem[offset + NetworkLayout.BOUND_BITS];
        if (length < 0 || length >= LENGTH_LIMIT || shift < 0 || shift >= SHIFT_LIMIT || boundBits < 0
                || boundBits >= BOUND_BITS_LIMIT) {
            return false;
        }
        boolean dense = (info & 1) != 0;
        records[r] = coreStart[core] + (dense ? mem[offset + NetworkLayout.DENSE_HEADER - 1] : 0);
        boolean single = dense && length == 1;
        // the weight shifted as the kernel shifts it: int arithmetic, wrapping alike
        boolean bytes = (info & NetworkLayout.BYTE_WEIGHTS) != 0;
        records[r + 1] = single ? NetworkLayout.firstDenseValue(mem, offset) << shift
                : offset + (dense ? NetworkLayout.DENSE_HEADER : NetworkLayout.SPARSE_HEADER);
        records[r + 2] = length | shift << 16 | (dense ? DENSE : 0) | (single ? SINGLE : 0) | (bytes ? BYTES : 0)
                | boundBits << 24;
        records[r + 3] = core;
        return true;
    }
}
