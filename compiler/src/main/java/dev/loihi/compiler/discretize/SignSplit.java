package dev.loihi.compiler.discretize;

import dev.loihi.image.ChipLimits;

/**
 * Decides which mixed-sign inputs of a block get one synapse format per sign. A MIXED format
 * drops the mantissa's low bit and shares one exponent between the signs (LOIHI.md), which on
 * the jet tagger's hidden layers cost 2-3% RMS weight error; two formats keep 8 bits each.
 * The price is a second input axon per pre neuron and a second format on every core of the
 * block, so a connection stays MIXED when splitting would push the block's fan-in past one
 * core's input axons or its parts past one core's synapse formats: the largest such inputs
 * are kept whole first, as they cost the most axons.
 */
final class SignSplit {
    private SignSplit() {}

    /**
     * @param nPre           pre neurons of each incoming connection
     * @param mixed          whether each connection has weights of both signs
     * @param reservedFormats formats the block needs besides these connections (its reset synapse)
     * @param reservedAxons  input axons the block needs besides these connections (the fine bias's slower compartments)
     * @return per connection, whether to split it
     */
    static boolean[] decide(int[] nPre, boolean[] mixed, int reservedFormats, int reservedAxons) {
        boolean[] split = mixed.clone();
        long axons = reservedAxons;
        int formats = reservedFormats;
        for (int k = 0; k < nPre.length; k++) {
            axons += (long) nPre[k] * (split[k] ? 2 : 1);
            formats += split[k] ? 2 : 1;
        }
        while (axons > ChipLimits.INPUT_AXONS_PER_CORE || formats > ChipLimits.SYNAPSE_FORMATS_PER_CORE) {
            int widest = -1;
            for (int k = 0; k < nPre.length; k++) {
                if (split[k] && (widest < 0 || nPre[k] > nPre[widest])) {
                    widest = k;
                }
            }
            if (widest < 0) {
                break;
            }
            split[widest] = false;
            axons -= nPre[widest];
            formats--;
        }
        return split;
    }
}
