package dev.loihi.image;

/**
 * The synapse-memory cost rule of LOIHI.md: an axon's synapses are stored in runs of up to
 * 64; a run costs n x (bits per synapse) + 10 header bits, rounded up to a multiple of 64.
 * The partitioner budgets with this and the packer lays memory out with it, so the two agree.
 */
public final class SynapseMemory {
    private SynapseMemory() {}

    /** Bits used by {@code synapses} synapses of one axon in {@code format}. */
    public static long axonBits(int synapses, SynapseFormat format) {
        return axonBits(synapses, format.bitsPerSynapse());
    }

    public static long axonBits(int synapses, int bitsPerSynapse) {
        int fullRuns = synapses / ChipLimits.SYNAPSE_RUN_MAX;
        int rest = synapses % ChipLimits.SYNAPSE_RUN_MAX;
        long bits = fullRuns * runBits(ChipLimits.SYNAPSE_RUN_MAX, bitsPerSynapse);
        if (rest > 0) {
            bits += runBits(rest, bitsPerSynapse);
        }
        return bits;
    }

    /** One run of n synapses, rounded up to whole 64-bit words. */
    public static long runBits(int n, int bitsPerSynapse) {
        long raw = (long) n * bitsPerSynapse + ChipLimits.SYNAPSE_RUN_HEADER_BITS;
        return (raw + 63) / 64 * 64;
    }
}
