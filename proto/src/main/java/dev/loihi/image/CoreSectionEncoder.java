package dev.loihi.image;

/**
 * Encodes the CORE section payload of one core (field order in docs/IMAGE_FORMAT.md):
 *
 * <pre>
 *  chip u16 | coreOnChip u16 | layer (u16 n, n bytes UTF-8) | compartments u16
 *  vminExp u8 | vmaxExp u8
 *  profiles u8 count, compartment profile word u32 * count
 *  thresholds u8 count, threshold word u32 * count
 *  formats u8 count, synapse format word u16 * count
 *  compartment config word u32 * compartments
 *  input axons u16 count, input axon word u32 * count (discrete or population)
 *  weight lists u16 count, per list: u16 atoms, row word u32 * atoms
 *  synapse memory u32 word count, u64 * count
 *  routing, per compartment: u16 count, (address word u32, atom u16) * count
 * </pre>
 *
 * Format version 1 had neither weight lists nor atoms ({@link CoreSectionDecoder} still reads it).
 */
final class CoreSectionEncoder {
    private CoreSectionEncoder() {}

    static byte[] encode(CoreImage core) {
        PayloadWriter out = new PayloadWriter();
        out.u16(core.chip());
        out.u16(core.coreOnChip());
        out.name(core.layer());
        out.u16(core.compartments());
        out.u8(core.vminExp());
        out.u8(core.vmaxExp());
        out.u8(core.compartmentProfiles().size());
        for (CompartmentProfile p : core.compartmentProfiles()) {
            out.u32(RegisterWords.compartmentProfileWord(p));
        }
        out.u8(core.vthMants().length);
        for (int vth : core.vthMants()) {
            out.u32(RegisterWords.thresholdWord(vth));
        }
        out.u8(core.synapseFormats().size());
        for (SynapseFormat f : core.synapseFormats()) {
            out.u16(RegisterWords.formatWord(f));
        }
        for (int c = 0; c < core.compartments(); c++) {
            out.u32(RegisterWords.compartmentConfigWord(core.compartmentProfile()[c], core.thresholdProfile()[c],
                    core.biasMant()[c], core.biasExp()[c]));
        }
        writeSynapses(out, core);
        for (int c = 0; c < core.compartments(); c++) {
            int from = core.routeStart()[c];
            int to = core.routeStart()[c + 1];
            out.u16(to - from);
            for (int r = from; r < to; r++) {
                out.u32(RegisterWords.addressWord(core.routeCore()[r], core.routeAxon()[r]));
                out.u16(core.routeAtom()[r]);
            }
        }
        return out.toBytes();
    }

    private static void writeSynapses(PayloadWriter out, CoreImage core) {
        SynapseMemoryPacker.Packed packed = SynapseMemoryPacker.pack(core);
        out.u16(core.inputAxons().size());
        for (int a = 0; a < core.inputAxons().size(); a++) {
            InputAxon axon = core.inputAxons().get(a);
            out.u32(axon.isPopulation() ? RegisterWords.populationAxonWord(axon.popType(), axon.list(), axon.base())
                    : RegisterWords.axonWord(axon.format(), axon.synapseCount(), packed.axonWordOffsets()[a]));
        }
        out.u16(core.weightLists().size());
        for (int l = 0; l < core.weightLists().size(); l++) {
            WeightList list = core.weightLists().get(l);
            out.u16(list.atoms());
            for (int k = 0; k < list.atoms(); k++) {
                out.u32(RegisterWords.axonWord(list.format(), list.compartments()[k].length, packed.rowWordOffsets()[l][k]));
            }
        }
        out.u32(packed.words().length);
        for (long w : packed.words()) {
            out.u64(w);
        }
    }
}
