package dev.loihi.image;

import java.util.List;

/**
 * Lays out the synapse memory of one core: each input axon's synapses, in runs of at most 64,
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

    /** The packed words and, per input axon, the word where its first run starts. */
    record Packed(long[] words, int[] axonWordOffsets) {}

    /** Expects a core that passed {@link ImageValidator}: dense runs are consecutive, weights exact. */
    static Packed pack(List<InputAxon> axons, List<SynapseFormat> formats) {
        SynapseBitWriter out = new SynapseBitWriter();
        int[] offsets = new int[axons.size()];
        for (int a = 0; a < axons.size(); a++) {
            InputAxon axon = axons.get(a);
            SynapseFormat format = formats.get(axon.format());
            offsets[a] = out.wordPosition();
            for (int start = 0; start < axon.synapseCount(); start += ChipLimits.SYNAPSE_RUN_MAX) {
                int end = Math.min(axon.synapseCount(), start + ChipLimits.SYNAPSE_RUN_MAX);
                writeRun(out, axon, format, start, end);
            }
        }
        return new Packed(out.toWords(), offsets);
    }

    private static void writeRun(SynapseBitWriter out, InputAxon axon, SynapseFormat format, int start, int end) {
        int[] compartments = axon.compartments();
        int header = format.dense() ? compartments[start] : end - start - 1;
        out.write(header, ChipLimits.SYNAPSE_RUN_HEADER_BITS);
        for (int i = start; i < end; i++) {
            if (!format.dense()) {
                out.write(compartments[i], ChipLimits.SYNAPSE_INDEX_BITS);
            }
            out.write(WeightField.encode(axon.weightMants()[i], format), format.weightBits());
        }
        out.padToWord();
    }
}
