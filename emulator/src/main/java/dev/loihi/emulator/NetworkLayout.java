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
 *  dense:  | length | shift&lt;&lt;1 | 1 | bound bits | first | w_0 | w_1 | ... | w_length-1 |
 *  sparse: | length | shift&lt;&lt;1 | 0 | bound bits | c_0 | w_0 | c_1 | w_1 | ... |
 *  bytes:  | length | 0x40 | shift&lt;&lt;1 | 1 | bound bits | first | w_1:w_0 | w_3:w_2 | ... |
 * </pre>
 * The third is a dense block whose values all fit a signed byte above the common power of two
 * (weights of at most 7 bits + sign, or wider ones sharing a factor of 2), each compartment
 * listed once: two values to a short, the lower compartment's in the low byte, so that the
 * native kernel reads them as consecutive int8 on this little-endian machine and widens 16 with
 * one instruction (synapse_adds.c). Half the bytes a spike reads: on two threads the dense-blocks
 * network's shard holds 1.1 MB of weights that stay in a core's 2 MB L2, where shorts (2.1 MB)
 * come from L3 (docs/BENCHMARKS.md, issue 20 session 12).
 * (c_k are compartment indices within the core, at most 1023; 2^(bound bits) is more than one
 * spike on the block adds to any one compartment's q.)
 * A route (and a host input target) is a pair (core, block offset), so delivering a spike reads
 * one contiguous block and nothing else; the pairs of a compartment's routes sit side by side
 * in {@code routeTargets} ({@code 2 * routeStart[i]} on), so delivering its spike reads one run.
 * A compartment's routes to population axons are triples (core, block offset, base) in
 * {@code populationTargets} ({@code 3 * populationStart[i]} on): the block is the atom's row of
 * the axon's weight list, its compartments relative to the base, so axons sharing a list share
 * its blocks.
 */
record NetworkLayout(
        String[] coreNames, int[] coreStart, int[] coreVmin, int[] coreVmax,
        int[] uKeep, int[] vKeep, int[] vth, int[] bias, int[] refractDelay,
        short[] synapseMemory, int[] routeStart, int[] routeTargets, int[] populationStart, int[] populationTargets,
        String[] inputNames, int[] inputAxons, int[][] inputTargetStart, int[][] inputTargets,
        String[] outputNames, OutputPort.Kind[] outputKinds, int[][] outputCompartments) {

    /** Shorts before the weights of a block: length, shift and dense flag, bound bits, first compartment. */
    static final int DENSE_HEADER = 4;
    /** Shorts before the (compartment, weight) pairs of a sparse block: length, shift and flag, bound bits. */
    static final int SPARSE_HEADER = 3;
    /** Where a block's bound bits are. */
    static final int BOUND_BITS = 2;
    /** Flag in a block's second short: a dense block of byte weights, two to a short. */
    static final int BYTE_WEIGHTS = 0x40;

    /** The shift of a block whose second short is {@code info}. */
    static int shift(int info) {
        return (info >> 1) & 31;
    }

    /** The value of the first synapse of the dense block at {@code offset} (unshifted), whichever its form. */
    static int firstDenseValue(short[] mem, int offset) {
        int values = offset + DENSE_HEADER;
        return (mem[offset + 1] & BYTE_WEIGHTS) != 0 ? byteValue(mem, values, 0) : mem[values];
    }

    /** Value k of a bytes block whose values start at {@code values}: the low byte of a short first. */
    static int byteValue(short[] mem, int values, int k) {
        return (byte) (mem[values + (k >> 1)] >> ((k & 1) << 3));
    }

    /** Shorts the block at {@code offset} takes. */
    static int blockShorts(short[] mem, int offset) {
        int length = mem[offset];
        int info = mem[offset + 1];
        if ((info & 1) == 0) {
            return SPARSE_HEADER + 2 * length;
        }
        return DENSE_HEADER + ((info & BYTE_WEIGHTS) != 0 ? (length + 1) / 2 : length);
    }

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
                + routeTargets.length + populationStart.length + populationTargets.length + inputAxons.length;
        for (int p = 0; p < inputNames.length; p++) {
            ints += inputTargetStart[p].length + inputTargets[p].length;
        }
        for (int[] members : outputCompartments) {
            ints += members.length;
        }
        return ints * Integer.BYTES + (long) synapseMemory.length * Short.BYTES;
    }
}
