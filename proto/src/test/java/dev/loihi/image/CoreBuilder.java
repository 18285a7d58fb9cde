package dev.loihi.image;

import java.util.ArrayList;
import java.util.List;

/** Test-side mutable copy of a CoreImage, to change one field and rebuild. */
final class CoreBuilder {
    int chip;
    int coreOnChip;
    String layer;
    int compartments;
    int vminExp;
    int vmaxExp;
    List<CompartmentProfile> profiles;
    int[] vthMants;
    List<SynapseFormat> formats;
    int[] compartmentProfile;
    int[] thresholdProfile;
    int[] biasMant;
    int[] biasExp;
    List<InputAxon> axons;
    int[] routeStart;
    int[] routeCore;
    int[] routeAxon;

    CoreBuilder(CoreImage c) {
        chip = c.chip();
        coreOnChip = c.coreOnChip();
        layer = c.layer();
        compartments = c.compartments();
        vminExp = c.vminExp();
        vmaxExp = c.vmaxExp();
        profiles = new ArrayList<>(c.compartmentProfiles());
        vthMants = c.vthMants().clone();
        formats = new ArrayList<>(c.synapseFormats());
        compartmentProfile = c.compartmentProfile().clone();
        thresholdProfile = c.thresholdProfile().clone();
        biasMant = c.biasMant().clone();
        biasExp = c.biasExp().clone();
        axons = new ArrayList<>(c.inputAxons());
        routeStart = c.routeStart().clone();
        routeCore = c.routeCore().clone();
        routeAxon = c.routeAxon().clone();
    }

    /** Resizes the per-compartment arrays to {@code n} compartments with no routes. */
    CoreBuilder compartments(int n) {
        compartments = n;
        compartmentProfile = new int[n];
        thresholdProfile = new int[n];
        biasMant = new int[n];
        biasExp = new int[n];
        routeStart = new int[n + 1];
        routeCore = new int[0];
        routeAxon = new int[0];
        return this;
    }

    CoreImage build() {
        return new CoreImage(chip, coreOnChip, layer, compartments, vminExp, vmaxExp, profiles, vthMants, formats,
                compartmentProfile, thresholdProfile, biasMant, biasExp, axons, routeStart, routeCore, routeAxon);
    }
}
