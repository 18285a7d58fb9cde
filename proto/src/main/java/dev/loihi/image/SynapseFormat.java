package dev.loihi.image;

/**
 * One of a core's (at most 8) synapse formats.
 *
 * @param weightBits bits stored per weight (1..8)
 * @param signMode   how the stored bits map to a signed mantissa
 * @param weightExp  -7..7; effective weight = mantissa x 2^(6 + weightExp)
 * @param dense      dense runs hold consecutive compartments and no index bits
 */
public record SynapseFormat(int weightBits, SignMode signMode, int weightExp, boolean dense) {
    /** Bits one synapse costs in this format (no delay or tag bits are used). */
    public int bitsPerSynapse() {
        return weightBits + (dense ? 0 : ChipLimits.SYNAPSE_INDEX_BITS);
    }
}
