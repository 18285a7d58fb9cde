package dev.loihi.emulator;

/**
 * The weights of a small network's dense blocks as the whole step adds them: each widened to an
 * int and shifted by its block's shift once, at the same index it has in synapse memory, so that
 * a vector of synapses is one load and one add (with 16-bit weights it was a widening load, a
 * shift, a load and an add: the adds were about a fifth of a jet-tagger step's instructions).
 * The same int arithmetic as the kernel's per-step shift, so the sums are the same bits. Only
 * the dense blocks that routes or the host's spikes reach are filled; the rest stays 0.
 */
final class ShiftedWeights {
    private ShiftedWeights() {}

    /** The dense blocks of the route pairs {@code routeTargets} (core, offset) and at {@code hostBlocks}, widened. */
    static int[] of(short[] mem, int[] routeTargets, int[] hostBlocks) {
        int[] shifted = new int[mem.length];
        for (int k = 1; k < routeTargets.length; k += 2) {
            widen(mem, routeTargets[k], shifted);
        }
        for (int offset : hostBlocks) {
            widen(mem, offset, shifted);
        }
        return shifted;
    }

    private static void widen(short[] mem, int offset, int[] shifted) {
        int info = mem[offset + 1];
        if ((info & 1) == 0) {
            return;
        }
        int shift = info >> 1;
        for (int k = offset + NetworkLayout.DENSE_HEADER, end = k + mem[offset]; k < end; k++) {
            shifted[k] = mem[k] << shift;
        }
    }
}
