package dev.loihi.emulator;

/**
 * A small network's routes resolved once for the native kernel's whole step
 * ({@link NativeAdds#stepState}): one record of 4 ints per route pair (core, block offset), in
 * the same order, so that {@code routeStart} indexes records as it indexes pairs and a spike's
 * delivery reads no block header and no core start.
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
final class RouteRecords {
    /** Ints per record. */
    static final int INTS = 4;
    private static final int LENGTH_LIMIT = 1 << 16;
    private static final int SHIFT_LIMIT = 1 << 5;
    private static final int DENSE = 1 << 21;
    private static final int SINGLE = 1 << 22;
    private static final int BYTES = 1 << 23;
    /** 2^(bound bits) is added to a 64-bit sum, so the bits are below 63. */
    private static final int BOUND_BITS_LIMIT = 63;

    private RouteRecords() {}

    /** The records of {@code routeTargets}' pairs, or null where a block's fields do not fit a record. */
    static int[] resolve(short[] mem, int[] routeTargets, int[] coreStart) {
        int[] records = new int[routeTargets.length / 2 * INTS];
        for (int k = 0, r = 0; k < routeTargets.length; k += 2, r += INTS) {
            int core = routeTargets[k];
            int offset = routeTargets[k + 1];
            int length = mem[offset];
            int info = mem[offset + 1];
            int shift = NetworkLayout.shift(info);
            int boundBits = mem[offset + NetworkLayout.BOUND_BITS];
            if (length < 0 || length >= LENGTH_LIMIT || shift < 0 || shift >= SHIFT_LIMIT || boundBits < 0
                    || boundBits >= BOUND_BITS_LIMIT) {
                return null;
            }
            boolean dense = (info & 1) != 0;
            records[r] = coreStart[core] + (dense ? mem[offset + NetworkLayout.DENSE_HEADER - 1] : 0);
            boolean single = dense && length == 1;
            // the weight shifted as the kernel shifts it: int arithmetic, wrapping alike
            boolean bytes = (info & NetworkLayout.BYTE_WEIGHTS) != 0;
            int firstValue = bytes ? (byte) mem[offset + NetworkLayout.DENSE_HEADER] : mem[offset + NetworkLayout.DENSE_HEADER];
            records[r + 1] = single ? firstValue << shift
                    : offset + (dense ? NetworkLayout.DENSE_HEADER : NetworkLayout.SPARSE_HEADER);
            records[r + 2] = length | shift << 16 | (dense ? DENSE : 0) | (single ? SINGLE : 0) | (bytes ? BYTES : 0)
                    | boundBits << 24;
            records[r + 3] = core;
        }
        return records;
    }
}
