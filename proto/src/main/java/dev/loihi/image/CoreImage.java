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
 * {@code routeStart[c] .. routeStart[c+1]-1} of {@code routeCore} / {@code routeAxon}; each
 * target costs one output axon slot.
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
        int[] routeStart,
        int[] routeCore,
        int[] routeAxon) {

    public CoreImage {
        compartmentProfiles = List.copyOf(compartmentProfiles);
        synapseFormats = List.copyOf(synapseFormats);
        inputAxons = List.copyOf(inputAxons);
        for (int[] a : new int[][] {compartmentProfile, thresholdProfile, biasMant, biasExp}) {
            if (a.length != compartments) {
                throw new IllegalArgumentException("core " + chip + "/" + coreOnChip
                        + ": per-compartment array of length " + a.length + " != compartments=" + compartments);
            }
        }
        if (routeStart.length != compartments + 1 || routeCore.length != routeAxon.length
                || routeStart[compartments] != routeCore.length) {
            throw new IllegalArgumentException("core " + chip + "/" + coreOnChip + ": malformed routing table");
        }
    }

    public int outputAxonSlots() {
        return routeCore.length;
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
                && inputAxons.equals(c.inputAxons)
                && Arrays.equals(routeStart, c.routeStart) && Arrays.equals(routeCore, c.routeCore)
                && Arrays.equals(routeAxon, c.routeAxon);
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
