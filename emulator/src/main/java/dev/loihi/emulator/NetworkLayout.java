package dev.loihi.emulator;

import dev.loihi.image.OutputPort;

/**
 * The immutable part of a loaded network, laid out for stepping: registers per global
 * compartment (cores are consecutive ranges {@code coreStart[c] .. coreStart[c+1]-1}), synapse
 * memory as blocks, and routes that point straight at blocks.
 *
 * <p>Synapse memory is a {@code short[]} holding one block per input axon that has a non-zero
 * weight. Each weight is stored as {@code value} with the block's shift, adding
 * {@code value << shift} to q; shift is the weights' common power of two (so every value fits
 * 9 bits + sign), which halves memory against an int per synapse. A block whose synapses are
 * consecutive compartments (the chip's dense runs) lists only its first compartment:
 * <pre>
 *  dense:  | length | shift&lt;&lt;1 | 1 | first | w_0 | w_1 | ... | w_length-1 |
 *  sparse: | length | shift&lt;&lt;1 | 0 | c_0 | w_0 | c_1 | w_1 | ... |
 * </pre>
 * (c_k are compartment indices within the core, at most 1023.)
 * A route (and a host input target) is a pair (core, block offset), so delivering a spike reads
 * one contiguous block and nothing else; the pairs of a compartment's routes sit side by side
 * in {@code routeTargets} ({@code 2 * routeStart[i]} on), so sending a spike reads one run. {@code arrivalStart[c]} is where core c's slice of the
 * per-step arrival buffer begins; its size is the number of routes into c, since a compartment
 * spikes at most once a step.
 */
record NetworkLayout(
        String[] coreNames, int[] coreStart, int[] coreVmin, int[] coreVmax,
        int[] uKeep, int[] vKeep, int[] vth, int[] bias, int[] refractDelay,
        short[] synapseMemory, int[] routeStart, int[] routeTargets, int[] arrivalStart,
        String[] inputNames, int[] inputAxons, int[][] inputTargetStart, int[][] inputTargets,
        String[] outputNames, OutputPort.Kind[] outputKinds, int[][] outputCompartments) {

    /** Shorts before the weights of a block: length, shift and dense flag, first compartment. */
    static final int DENSE_HEADER = 3;
    /** Shorts before the (compartment, weight) pairs of a sparse block: length, shift and flag. */
    static final int SPARSE_HEADER = 2;

    int coreCount() {
        return coreNames.length;
    }

    int compartmentCount() {
        return coreStart[coreNames.length];
    }

    /** Bytes held by these arrays. */
    long memoryBytes() {
        long ints = (long) coreStart.length + coreVmin.length + coreVmax.length + uKeep.length + vKeep.length
                + vth.length + bias.length + refractDelay.length + routeStart.length
                + routeTargets.length + arrivalStart.length + inputAxons.length;
        for (int p = 0; p < inputNames.length; p++) {
            ints += inputTargetStart[p].length + inputTargets[p].length;
        }
        for (int[] members : outputCompartments) {
            ints += members.length;
        }
        return ints * Integer.BYTES + (long) synapseMemory.length * Short.BYTES;
    }
}
