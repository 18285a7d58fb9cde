package dev.loihi.image;

import java.util.List;

/**
 * Lays out the synapse memory of one core: each discrete input axon's synapses, then each
 * weight list's atom rows (a list once, however many population axons share it), in runs of at most 64,
 * each run starting on a word boundary and costing exactly what {@link SynapseMemory} charges
 * (LOIHI.md), so the partitioner's budget and the packed size always agree.
 *
 * <pre>
 * run = header (10) | synapse * n | zero padding to a 64-bit boundary
 *   dense:  header = compartment of the first synapse; synapse = weight field (weightBits)
 *   sparse: header = n - 1;  synapse = compartment index (10) | weight field (weightBits)
 * </pre>
 */
final class SynapseMemoryPacker {
    private SynapseMemoryPacker() {}

    /**
     * The packed words; per input axon, the word where its first run starts (discrete axons;
     * population axons hold no synapses and get the offset where they stand); per weight list
     * and atom, the word where that row's runs start. Discrete axons come first, in axon
     * order, then every list's rows in order.
     */
    record Packed(long[] words, int[] axonWordOffsets, int[][] rowWordOffsets) {}

    /** Expects a core that passed {@link ImageValidator}: dense runs are consecutive, weights exact. */
    static Packed pack(CoreImage core) {
        return pack(core.inputAxons(), core.weightLists(), core.synapseFormats());
    }

    static Packed pack(List<InputAxon> axons, List<WeightList> lists, List<SynapseFormat> formats) {
        SynapseBitWriter out = new SynapseBitWriter();
        int[] offsets = new int[axons.size()];
        for (int a = 0; a < axons.size(); a++) {
            InputAxon axon = axons.get(a);
            offsets[a] = out.wordPosition();
            if (!axon.isPopulation()) {
                writeRuns(out, axon.compartments(), axon.weightMants(), formats.get(axon.format()));
            }
        }
        int[][] rows = new int[lists.size()][];
        for (int l = 0; l < lists.size(); l++) {
            WeightList list = lists.get(l);
            rows[l] = new int[list.atoms()];
            for (int k = 0; k < list.atoms(); k++) {
                rows[l][k] = out.wordPosition();
                writeRuns(out, list.compartments()[k], list.weightMants()[k], formats.get(list.format()));
            }
        }
        return new Packed(out.toWords(), offsets, rows);
    }

    private static void writeRuns(SynapseBitWriter out, int[] compartments, int[] mants, SynapseFormat format) {
        for (int start = 0; start < compartments.length; start += ChipLimits.SYNAPSE_RUN_MAX) {
            int end = Math.min(compartments.length, start + ChipLimits.SYNAPSE_RUN_MAX);
            int header = format.dense() ? compartments[start] : end - start - 1;
            out.write(header, ChipLimits.SYNAPSE_RUN_HEADER_BITS);
            for (int i = start; i < end; i++) {
                if (!format.dense()) {
                    out.write(compartments[i], ChipLimits.SYNAPSE_INDEX_BITS);
                }
                out.write(WeightField.encode(mants[i], format), format.weightBits());
            }
            out.padToWord();
        }
    }
}
