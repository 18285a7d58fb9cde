package dev.loihi.compiler.partition;

import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SynapseMemory;
import java.util.List;

/**
 * The input-side resources of one block cut into k balanced contiguous ranges: compartments,
 * input axons (one per pre neuron and connection with a nonzero weight into the core) and
 * synapse bits, with each (core, connection) stored dense or sparse, whichever is smaller.
 * {@code hits[k][i]} counts the cores that pre neuron i of incoming connection k reaches: the
 * output axon slots the source must spend on this block.
 */
record SplitLoad(int[] bounds, int[] inputAxons, long[] synapseBits, boolean[] dense, int[][] hits, double worst,
                 String worstLimit) {

    static int[] balanced(int n, int k) {
        int[] bounds = new int[k + 1];
        for (int r = 0; r <= k; r++) {
            bounds[r] = (int) ((long) r * n / k);
        }
        return bounds;
    }

    static SplitLoad evaluate(List<DiscreteConnection> incoming, int n, int k) {
        int[] bounds = balanced(n, k);
        int nIncoming = incoming.size();
        int[] axons = new int[k];
        long[] bits = new long[k];
        boolean[] dense = new boolean[k * nIncoming];
        int[][] hits = new int[nIncoming][];
        for (int c = 0; c < nIncoming; c++) {
            hits[c] = new int[incoming.get(c).nPre()];
        }
        double worst = 0;
        String worstLimit = "compartments";
        for (int r = 0; r < k; r++) {
            int from = bounds[r];
            int to = bounds[r + 1];
            for (int c = 0; c < nIncoming; c++) {
                DiscreteConnection conn = incoming.get(c);
                int denseBitsPerSynapse = conn.format(true).bitsPerSynapse();
                int sparseBitsPerSynapse = conn.format(false).bitsPerSynapse();
                int[] mants = conn.mants();
                int[] hit = hits[c];
                int nPost = conn.nPost();
                long denseBits = 0;
                long sparseBits = 0;
                for (int i = 0; i < conn.nPre(); i++) {
                    long scan = AxonRow.scan(mants, i * nPost, from, to);
                    int nonzeros = AxonRow.nonzeros(scan);
                    if (nonzeros > 0) {
                        axons[r]++;
                        hit[i]++;
                        denseBits += SynapseMemory.axonBits(AxonRow.denseEntries(scan), denseBitsPerSynapse);
                        sparseBits += SynapseMemory.axonBits(nonzeros, sparseBitsPerSynapse);
                    }
                }
                boolean d = denseBits <= sparseBits;
                dense[r * nIncoming + c] = d;
                bits[r] += d ? denseBits : sparseBits;
            }
            double compartments = (to - from) / (double) ChipLimits.COMPARTMENTS_PER_CORE;
            double axonUse = axons[r] / (double) ChipLimits.INPUT_AXONS_PER_CORE;
            double bitUse = bits[r] / (double) ChipLimits.SYNAPSE_BITS_PER_CORE;
            if (compartments > worst) {
                worst = compartments;
                worstLimit = "compartments";
            }
            if (axonUse > worst) {
                worst = axonUse;
                worstLimit = "inputAxons";
            }
            if (bitUse > worst) {
                worst = bitUse;
                worstLimit = "synapseBits";
            }
        }
        return new SplitLoad(bounds, axons, bits, dense, hits, worst, worstLimit);
    }

    int cores() {
        return bounds.length - 1;
    }
}
