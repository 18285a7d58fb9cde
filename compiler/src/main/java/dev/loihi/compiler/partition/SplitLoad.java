package dev.loihi.compiler.partition;

import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.PopulationSynapses;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SynapseMemory;
import java.util.List;

/**
 * The input-side resources of one block cut into k balanced contiguous ranges: compartments,
 * input axons (one per pre neuron and connection with a nonzero weight into the core) and
 * synapse bits, with each (core, connection) stored dense or sparse, whichever is smaller.
 * {@code hits[k][i]} counts the output axon slots pre neuron i of incoming connection k spends
 * on this block: one per core it reaches, two for a pop32 connection.
 *
 * <p>A shared-weight connection counts by {@link PopulationShare}: one axon per pre axon that
 * reaches the core and the bits of its distinct weight lists, each list once. Its pop16 axons
 * also have to be addressable by a pop16 spike (fewer than 1024, fewer still with atoms wider
 * than 5 bits), which caps the core's input axons.
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
                if (conn.isPopulation()) {
                    PopulationShare share = PopulationShare.of(conn.population(), from, to, denseBitsPerSynapse,
                            sparseBitsPerSynapse);
                    axons[r] += share.axons();
                    countHits(conn, share, hits[c]);
                    boolean d = share.denseBits() <= share.sparseBits();
                    dense[r * nIncoming + c] = d;
                    bits[r] += d ? share.denseBits() : share.sparseBits();
                    continue;
                }
                int[] hit = hits[c];
                long denseBits = 0;
                long sparseBits = 0;
                for (int i = 0; i < conn.nPre(); i++) {
                    long scan = AxonRow.scan(conn, i, from, to);
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
            double axonUse = axons[r] / (double) axonLimit(incoming);
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

    /** Output slots the pre neurons whose axons reach this core spend: 1 per route, 2 for pop32. */
    private static void countHits(DiscreteConnection conn, PopulationShare share, int[] hit) {
        PopulationSynapses p = conn.population();
        boolean[] reached = new boolean[p.axons()];
        for (int a : share.preAxons()) {
            reached[a] = true;
        }
        int slots = p.popType() == PopulationSynapses.POP32 ? ChipLimits.POP32_OUTPUT_SLOTS : 1;
        for (int i = 0; i < p.preNeurons(); i++) {
            if (p.axonOf()[i] >= 0 && reached[p.axonOf()[i]]) {
                hit[i] += slots;
            }
        }
    }

    /** Input axons a core of this block may have: 4096, fewer when a pop16 spike must address them all. */
    static int axonLimit(List<DiscreteConnection> incoming) {
        int limit = ChipLimits.INPUT_AXONS_PER_CORE;
        for (DiscreteConnection conn : incoming) {
            if (conn.isPopulation() && conn.population().popType() == PopulationSynapses.POP16) {
                int atoms = 0;
                for (PopulationSynapses.WeightList l : conn.population().lists()) {
                    atoms = Math.max(atoms, l.atoms());
                }
                limit = Math.min(limit, ChipLimits.populationAxons(16, atoms));
            }
        }
        return limit;
    }

    int cores() {
        return bounds.length - 1;
    }
}
