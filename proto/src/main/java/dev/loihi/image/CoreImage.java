package dev.loihi.image;

import java.util.Arrays;
import java.util.List;

/**
 * Everything one neuro core needs to run: its compartments' registers, its synapse memory
 * (as input axons) and its output routing. Cores are addressed by their index in
 * {@link Image#cores()}; {@code chip} and {@code coreOnChip} say where that index sits.
 *
 * <p>Per-compartment arrays all have length {@code compartments}. Routing is stored as
 * compressed rows: the targets of compartment c are entries
 * {@code routeStart[c] .. routeStart[c+1]-1} of {@code routeCore} / {@code routeAxon} /
 * {@code routeAtom}; a route costs one output axon slot, two when its target is a pop32 axon.
 * {@code routeAtom} is the atom a spike on a route to a population axon carries (0 on routes to
 * discrete axons). {@code weightLists} are the lists the core's population axons share.
 */
public record CoreImage(
        int chip,
        int coreOnChip,
        String layer,
        int compartments,
        int vminExp,
        int vmaxExp,
        List<CompartmentProfile> compartmentProfiles,
        int[] vthMants,
        List<SynapseFormat> synapseFormats,
        int[] compartmentProfile,
        int[] thresholdProfile,
        int[] biasMant,
        int[] biasExp,
        List<InputAxon> inputAxons,
        List<WeightList> weightLists,
        int[] routeStart,
        int[] routeCore,
        int[] routeAxon,
        int[] routeAtom) {

    public CoreImage {
        compartmentProfiles = List.copyOf(compartmentProfiles);
        synapseFormats = List.copyOf(synapseFormats);
        inputAxons = List.copyOf(inputAxons);
        weightLists = List.copyOf(weightLists);
        for (int[] a : new int[][] {compartmentProfile, thresholdProfile, biasMant, biasExp}) {
            if (a.length != compartments) {
                throw new IllegalArgumentException("core " + chip + "/" + coreOnChip
                        + ": per-compartment array of length " + a.length + " != compartments=" + compartments);
            }
        }
        if (routeStart.length != compartments + 1 || routeCore.length != routeAxon.length
                || routeStart[compartments] != routeCore.length || routeAtom.length != routeCore.length) {
            throw new IllegalArgumentException("core " + chip + "/" + coreOnChip + ": malformed routing table");
        }
    }

    /** A core of discrete axons only: no weight lists, every route's atom 0. */
    public CoreImage(int chip, int coreOnChip, String layer, int compartments, int vminExp, int vmaxExp,
                     List<CompartmentProfile> compartmentProfiles, int[] vthMants, List<SynapseFormat> synapseFormats,
                     int[] compartmentProfile, int[] thresholdProfile, int[] biasMant, int[] biasExp,
                     List<InputAxon> inputAxons, int[] routeStart, int[] routeCore, int[] routeAxon) {
        this(chip, coreOnChip, layer, compartments, vminExp, vmaxExp, compartmentProfiles, vthMants, synapseFormats,
                compartmentProfile, thresholdProfile, biasMant, biasExp, inputAxons, List.of(), routeStart, routeCore,
                routeAxon, new int[routeCore.length]);
    }

    /** Routes of this core; output axon slots also count a second slot per route to a pop32 axon ({@link #outputAxonSlots(List)}). */
    public int routes() {
        return routeCore.length;
    }

    /** Output axon slots: one per route, two per route to a pop32 axon of its target core (LOIHI.md). */
    public int outputAxonSlots(List<CoreImage> cores) {
        int slots = 0;
        for (int r = 0; r < routeCore.length; r++) {
            CoreImage target = cores.get(routeCore[r]);
            boolean pop32 = routeAxon[r] < target.inputAxons.size()
                    && target.inputAxons.get(routeAxon[r]).popType() == InputAxon.POP32;
            slots += pop32 ? ChipLimits.POP32_OUTPUT_SLOTS : 1;
        }
        return slots;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoreImage c
                && chip == c.chip && coreOnChip == c.coreOnChip && layer.equals(c.layer)
                && compartments == c.compartments && vminExp == c.vminExp && vmaxExp == c.vmaxExp
                && compartmentProfiles.equals(c.compartmentProfiles) && Arrays.equals(vthMants, c.vthMants)
                && synapseFormats.equals(c.synapseFormats)
                && Arrays.equals(compartmentProfile, c.compartmentProfile)
                && Arrays.equals(thresholdProfile, c.thresholdProfile)
                && Arrays.equals(biasMant, c.biasMant) && Arrays.equals(biasExp, c.biasExp)
                && inputAxons.equals(c.inputAxons) && weightLists.equals(c.weightLists)
                && Arrays.equals(routeStart, c.routeStart) && Arrays.equals(routeCore, c.routeCore)
                && Arrays.equals(routeAxon, c.routeAxon) && Arrays.equals(routeAtom, c.routeAtom);
    }

    @Override
    public int hashCode() {
        return ((chip * 131 + coreOnChip) * 31 + compartments) * 31 + inputAxons.hashCode();
    }

    @Override
    public String toString() {
        return "CoreImage[chip=" + chip + ", core=" + coreOnChip + ", layer=" + layer
                + ", compartments=" + compartments + ", inputAxons=" + inputAxons.size() + "]";
    }
}
