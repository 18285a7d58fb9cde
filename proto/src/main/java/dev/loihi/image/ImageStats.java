package dev.loihi.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Resource use of each core of an image, measured with the same rules the validator enforces
 * (synapse bits by {@link SynapseMemory}), for the compiler's summary and {@code inspect}.
 */
public final class ImageStats {
    private ImageStats() {}

    /** Use of one core against its ChipLimits. */
    public record CoreStats(int core, int chip, int coreOnChip, String layer, int compartments, int inputAxons,
                            long synapses, long synapseBits, int outputAxonSlots) {
        public double synapseMemoryFraction() {
            return (double) synapseBits / ChipLimits.SYNAPSE_BITS_PER_CORE;
        }

        public double compartmentFraction() {
            return (double) compartments / ChipLimits.COMPARTMENTS_PER_CORE;
        }

        public double inputAxonFraction() {
            return (double) inputAxons / ChipLimits.INPUT_AXONS_PER_CORE;
        }

        public double outputAxonSlotFraction() {
            return (double) outputAxonSlots / ChipLimits.OUTPUT_AXON_SLOTS_PER_CORE;
        }
    }

    public static List<CoreStats> perCore(Image image) {
        List<CoreStats> stats = new ArrayList<>(image.cores().size());
        for (int i = 0; i < image.cores().size(); i++) {
            stats.add(of(i, image.cores().get(i), image.cores()));
        }
        return stats;
    }

    /** Use of core {@code coreIndex} of {@code cores}; synapses of a weight list count once, as memory holds them. */
    public static CoreStats of(int coreIndex, CoreImage core, List<CoreImage> cores) {
        long synapses = 0;
        for (InputAxon axon : core.inputAxons()) {
            synapses += axon.synapseCount();
        }
        for (WeightList list : core.weightLists()) {
            synapses += list.synapseCount();
        }
        return new CoreStats(coreIndex, core.chip(), core.coreOnChip(), core.layer(), core.compartments(),
                core.inputAxons().size(), synapses, synapseBits(core), core.outputAxonSlots(cores));
    }

    /**
     * Synapse memory bits the core's discrete axons and weight lists take, by the run cost rule
     * of LOIHI.md, each list once however many axons share it. Expects every axon and list to
     * name an existing format, as a validated image does.
     */
    public static long synapseBits(CoreImage core) {
        long bits = 0;
        for (InputAxon axon : core.inputAxons()) {
            if (!axon.isPopulation()) {
                bits += SynapseMemory.axonBits(axon.synapseCount(), core.synapseFormats().get(axon.format()));
            }
        }
        for (WeightList list : core.weightLists()) {
            bits += list.bits(core.synapseFormats().get(list.format()));
        }
        return bits;
    }
}
