package dev.loihi.emulator;

import java.util.Arrays;

/**
 * Encodes one input axon's synapses as a block of synapse memory (layout in
 * {@link NetworkLayout}): zero weights dropped, the weights' common power of two factored into
 * the block's shift, and the dense form chosen whenever it is no longer than the sparse one.
 */
final class SynapseBlock {
    /** Largest shift: 255 x 2^13 is the largest weight (LOIHI.md, exponent 7). */
    private static final int MAX_SHIFT = 13;

    private SynapseBlock() {}

    /** Shorts the block of these synapses takes, 0 when every weight is zero. */
    static int shorts(int[] compartments, int[] weights) {
        int count = 0;
        int first = -1;
        int last = -1;
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] != 0) {
                count++;
                first = first < 0 ? compartments[k] : Math.min(first, compartments[k]);
                last = Math.max(last, compartments[k]);
            }
        }
        if (count == 0) {
            return 0;
        }
        int span = last - first + 1;
        int dense = NetworkLayout.DENSE_HEADER + (bytes(compartments, weights) ? (span + 1) / 2 : span);
        int sparse = NetworkLayout.SPARSE_HEADER + 2 * count;
        return Math.min(dense, sparse);
    }

    /**
     * Whether a dense block of these synapses holds its values as bytes: every value fits a
     * signed byte above the common power of two, and no compartment is listed twice (whose
     * summed value might not; such axons keep shorts).
     */
    private static boolean bytes(int[] compartments, int[] weights) {
        int shift = shift(weights);
        int previous = -1;
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] == 0) {
                continue;
            }
            int value = weights[k] >> shift;
            if (value != (byte) value || compartments[k] <= previous) {
                return false;
            }
            previous = compartments[k];
        }
        return true;
    }

    /** Writes the block at {@code at}; returns the shorts written (0 when every weight is zero). */
    static int write(int[] compartments, int[] weights, short[] memory, int at) {
        int size = shorts(compartments, weights);
        if (size == 0) {
            return 0;
        }
        int shift = shift(weights);
        int count = 0;
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] != 0) {
                first = Math.min(first, compartments[k]);
                last = Math.max(last, compartments[k]);
                count++;
            }
        }
        int pair = at + NetworkLayout.SPARSE_HEADER;
        // the form shorts() chose: dense wherever it is no longer than sparse
        boolean bytes = bytes(compartments, weights);
        int span = last - first + 1;
        boolean dense = size == NetworkLayout.DENSE_HEADER + (bytes ? (span + 1) / 2 : span);
        if (dense && bytes) {
            writeBytes(compartments, weights, memory, at, first, last, shift);
            return size;
        }
        memory[at] = (short) (dense ? last - first + 1 : count);
        memory[at + 1] = (short) (shift << 1 | (dense ? 1 : 0));
        memory[at + 2] = (short) boundBits(compartments, weights, first, last);
        if (dense) {
            memory[at + 3] = (short) first;
        }
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] == 0) {
                continue;
            }
            int value = weights[k] >> shift;
            if (dense) {
                // a compartment listed twice adds both weights, as two synapses would
                int slot = at + NetworkLayout.DENSE_HEADER + compartments[k] - first;
                value += memory[slot];
                check(value, shift, weights[k]);
                memory[slot] = (short) value;
            } else {
                check(value, shift, weights[k]);
                memory[pair++] = (short) compartments[k];
                memory[pair++] = (short) value;
            }
        }
        return size;
    }

    /** A dense block of byte values (NetworkLayout's third form), compartments ascending, each listed once. */
    private static void writeBytes(int[] compartments, int[] weights, short[] memory, int at, int first, int last,
                                   int shift) {
        int length = last - first + 1;
        memory[at] = (short) length;
        memory[at + 1] = (short) (NetworkLayout.BYTE_WEIGHTS | shift << 1 | 1);
        memory[at + 2] = (short) boundBits(compartments, weights, first, last);
        memory[at + 3] = (short) first;
        Arrays.fill(memory, at + NetworkLayout.DENSE_HEADER, at + NetworkLayout.DENSE_HEADER + (length + 1) / 2,
                (short) 0);
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] != 0) {
                int slot = compartments[k] - first;
                int word = at + NetworkLayout.DENSE_HEADER + slot / 2;
                int value = (weights[k] >> shift) & 0xFF;
                memory[word] = (short) (memory[word] | value << 8 * (slot & 1));
            }
        }
    }

    /**
     * The bit length of the most one spike on this block can add to one compartment's q (the
     * largest sum of |weight| over a compartment's synapses): a step's q stays within the sum of
     * 2^bits over the spikes it receives, which tells the runtime when an int cannot hold it.
     */
    private static int boundBits(int[] compartments, int[] weights, int first, int last) {
        long[] sum = new long[last - first + 1];
        long max = 0;
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] != 0) {
                int slot = compartments[k] - first;
                sum[slot] += Math.abs((long) weights[k]);
                max = Math.max(max, sum[slot]);
            }
        }
        return 64 - Long.numberOfLeadingZeros(max);
    }

    /** Whether distinct compartments' weights fit one block: each a short above their common power of two. */
    static boolean fits(int[] weights) {
        int shift = shift(weights);
        for (int w : weights) {
            if (w >> shift != (short) (w >> shift)) {
                return false;
            }
        }
        return true;
    }

    /** The weights' common power of two, at most {@link #MAX_SHIFT}. */
    private static int shift(int[] weights) {
        int shift = MAX_SHIFT;
        for (int w : weights) {
            if (w != 0) {
                shift = Math.min(shift, Integer.numberOfTrailingZeros(w));
            }
        }
        return shift;
    }

    /** Weights reach at most 9 bits + sign above their common power of two; anything else is a loader bug. */
    private static void check(int value, int shift, int weight) {
        if (value != (short) value) {
            throw new IllegalArgumentException("weight=" + weight + " does not fit a block with shift=" + shift);
        }
    }
}
