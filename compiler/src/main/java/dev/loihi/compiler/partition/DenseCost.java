package dev.loihi.compiler.partition;

import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.PopulationSynapses;
import dev.loihi.image.SynapseMemory;

/**
 * What a shared-weight connection would cost as discrete axons on the same cores: every pre
 * neuron a weight row of its own on each core it reaches, dense or sparse runs, whichever is
 * smaller (the rule {@link SplitLoad} applies to discrete connections). Reports set it beside
 * the memory the weight lists take, so the saving of sharing is visible per layer.
 */
public final class DenseCost {
    private DenseCost() {}

    /** Synapse bits {@code conn}'s weight lists take on the cores cut at {@code bounds}, as {@link SplitLoad} counts them. */
    public static long sharedBits(DiscreteConnection conn, int[] bounds) {
        long total = 0;
        for (int r = 0; r + 1 < bounds.length; r++) {
            PopulationShare share = PopulationShare.of(conn.population(), bounds[r], bounds[r + 1],
                    conn.format(true).bitsPerSynapse(), conn.format(false).bitsPerSynapse());
            total += Math.min(share.denseBits(), share.sparseBits());
        }
        return total;
    }

    /** Synapse bits of {@code conn}'s dense expansion cut at {@code bounds} (core r: posts bounds[r]..bounds[r+1]-1). */
    public static long synapseBits(DiscreteConnection conn, int[] bounds) {
        PopulationSynapses p = conn.population();
        int denseBitsPerSynapse = conn.format(true).bitsPerSynapse();
        int sparseBitsPerSynapse = conn.format(false).bitsPerSynapse();
        int[] row = new int[conn.nPost()];
        long total = 0;
        for (int r = 0; r + 1 < bounds.length; r++) {
            long dense = 0;
            long sparse = 0;
            for (int i = 0; i < p.preNeurons(); i++) {
                if (!p.sends(i)) {
                    continue;
                }
                PopulationSynapses.WeightList list = p.listOfPre(i);
                int base = p.base()[p.axonOf()[i]];
                int[] indices = list.indices()[p.atomOf()[i]];
                int[] mants = list.mants()[p.atomOf()[i]];
                if (indices.length == 0) {
                    continue;
                }
                int lo = Integer.MAX_VALUE;
                int hi = -1;
                for (int j = 0; j < indices.length; j++) {
                    row[base + indices[j]] = mants[j];
                    lo = Math.min(lo, base + indices[j]);
                    hi = Math.max(hi, base + indices[j]);
                }
                int from = Math.max(lo, bounds[r]);
                int to = Math.min(hi + 1, bounds[r + 1]);
                if (from < to) {
                    long scan = AxonRow.scan(row, 0, from, to);
                    if (AxonRow.nonzeros(scan) > 0) {
                        dense += SynapseMemory.axonBits(AxonRow.denseEntries(scan), denseBitsPerSynapse);
                        sparse += SynapseMemory.axonBits(AxonRow.nonzeros(scan), sparseBitsPerSynapse);
                    }
                }
                for (int index : indices) {
                    row[base + index] = 0;
                }
            }
            total += Math.min(dense, sparse);
        }
        return total;
    }
}
