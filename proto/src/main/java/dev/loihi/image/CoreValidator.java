package dev.loihi.image;

import java.util.List;

/**
 * Checks one core of an image against ChipLimits and the register widths of LOIHI.md:
 * resource limits, register ranges, every index, exact weights and the dense-run rule.
 */
final class CoreValidator {
    private final CoreImage core;
    private final List<CoreImage> cores;
    private final ImageChecks check;

    private CoreValidator(int index, CoreImage core, List<CoreImage> cores) {
        this.core = core;
        this.cores = cores;
        this.check = ImageChecks.forCore(index, core);
    }

    static void validate(int index, List<CoreImage> cores) {
        new CoreValidator(index, cores.get(index), cores).run();
    }

    private void run() {
        check.name("layer", core.layer());
        check.limit("compartments", core.compartments(), ChipLimits.COMPARTMENTS_PER_CORE);
        check.range("vminExp", "", core.vminExp(), 0, ChipLimits.VMIN_EXP_MAX);
        check.range("vmaxExp", "", core.vmaxExp(), 0, ChipLimits.VMAX_EXP_MAX);
        profiles();
        compartments();
        synapses();
        routes();
    }

    private void profiles() {
        check.limit("compartmentProfiles", core.compartmentProfiles().size(), ChipLimits.COMPARTMENT_PROFILES_PER_CORE);
        for (int p = 0; p < core.compartmentProfiles().size(); p++) {
            CompartmentProfile profile = core.compartmentProfiles().get(p);
            String at = "compartmentProfile=" + p;
            check.range("decayU", at, profile.decayU(), 0, ChipLimits.DECAY_MAX);
            check.range("decayV", at, profile.decayV(), 0, ChipLimits.DECAY_MAX);
            check.range("refractDelay", at, profile.refractDelay(), ChipLimits.REFRACT_MIN, ChipLimits.REFRACT_MAX);
        }
        check.present("vthMants", core.vthMants());
        check.limit("thresholdProfiles", core.vthMants().length, ChipLimits.THRESHOLD_PROFILES_PER_CORE);
        for (int p = 0; p < core.vthMants().length; p++) {
            check.range("vthMant", "thresholdProfile=" + p, core.vthMants()[p], ChipLimits.VTH_MANT_MIN,
                    ChipLimits.VTH_MANT_MAX);
        }
        check.limit("synapseFormats", core.synapseFormats().size(), ChipLimits.SYNAPSE_FORMATS_PER_CORE);
        for (int f = 0; f < core.synapseFormats().size(); f++) {
            SynapseFormat format = core.synapseFormats().get(f);
            String at = "synapseFormat=" + f;
            check.range("weightBits", at, format.weightBits(), 1, ChipLimits.WEIGHT_BITS);
            check.present("signMode", format.signMode());
            check.range("weightExp", at, format.weightExp(), ChipLimits.WEIGHT_EXP_MIN, ChipLimits.WEIGHT_EXP_MAX);
        }
    }

    private void compartments() {
        int profiles = core.compartmentProfiles().size();
        int thresholds = core.vthMants().length;
        for (int c = 0; c < core.compartments(); c++) {
            String at = "compartment=" + c;
            check.range("compartmentProfile", at, core.compartmentProfile()[c], 0, profiles - 1);
            check.range("thresholdProfile", at, core.thresholdProfile()[c], 0, thresholds - 1);
            check.range("biasMant", at, core.biasMant()[c], -ChipLimits.BIAS_MANT_MAX, ChipLimits.BIAS_MANT_MAX);
            check.range("biasExp", at, core.biasExp()[c], 0, ChipLimits.BIAS_EXP_MAX);
        }
    }

    private void synapses() {
        List<InputAxon> axons = core.inputAxons();
        check.limit("inputAxons", axons.size(), ChipLimits.INPUT_AXONS_PER_CORE);
        long bits = 0;
        for (int a = 0; a < axons.size(); a++) {
            InputAxon axon = axons.get(a);
            if (axon.isPopulation()) {
                populationAxon(a, axon);
                continue;
            }
            check.range("synapseFormat", "axon=" + a, axon.format(), 0, core.synapseFormats().size() - 1);
            SynapseFormat format = core.synapseFormats().get(axon.format());
            synapseRow("axon=" + a, axon.compartments(), axon.weightMants(), axon.format(), format,
                    core.compartments() - 1);
            bits += SynapseMemory.axonBits(axon.synapseCount(), format);
        }
        List<WeightList> lists = core.weightLists();
        for (int l = 0; l < lists.size(); l++) {
            WeightList list = lists.get(l);
            String at = "list=" + l;
            check.range("listSynapseFormat", at, list.format(), 0, core.synapseFormats().size() - 1);
            check.range("listAtoms", at, list.atoms(), 1, ChipLimits.COMPARTMENTS_PER_CORE);
            SynapseFormat format = core.synapseFormats().get(list.format());
            for (int k = 0; k < list.atoms(); k++) {
                synapseRow(at + ", atom=" + k, list.compartments()[k], list.weightMants()[k], list.format(), format,
                        ChipLimits.COMPARTMENTS_PER_CORE - 1);
            }
            // each list once, however many axons share it (LOIHI.md)
            bits += list.bits(format);
        }
        check.limit("synapseBits", bits, ChipLimits.SYNAPSE_BITS_PER_CORE);
    }

    /** A population axon: kind, base (-1 or 0..255, pop16 a multiple of 4), list, reach, and an index its spike can carry. */
    private void populationAxon(int a, InputAxon axon) {
        String at = "axon=" + a;
        if (axon.popType() != InputAxon.POP16 && axon.popType() != InputAxon.POP32) {
            throw check.rangeError("popType", at + ", allowed=16 or 32, actual=" + axon.popType());
        }
        check.range("populationList", at, axon.list(), 0, core.weightLists().size() - 1);
        check.range("populationBase", at, axon.base(), -1, ChipLimits.POP_BASE_MAX);
        if (axon.base() < 0) {
            return;
        }
        if (axon.popType() == InputAxon.POP16 && axon.base() % ChipLimits.POP16_BASE_STEP != 0) {
            throw check.rangeError("populationBase", at + ", reason=pop16 base not a multiple of "
                    + ChipLimits.POP16_BASE_STEP + ", actual=" + axon.base());
        }
        WeightList list = core.weightLists().get(axon.list());
        check.range("populationReach", at + ", base=" + axon.base() + ", list=" + axon.list(),
                axon.base() + list.maxCompartment(), 0, core.compartments() - 1);
        int addressable = ChipLimits.populationAxons(axon.popType(), list.atoms());
        check.range("populationAxonIndex", at + ", popType=" + axon.popType() + ", atoms=" + list.atoms(), a, 0,
                addressable - 1);
        check.range("populationAtoms", at + ", popType=" + axon.popType(), list.atoms(), 1,
                ChipLimits.populationAtoms(axon.popType()));
    }

    /** One axon's synapses or one list row: ascending compartments up to {@code maxCompartment}, dense runs consecutive, exact weights. */
    private void synapseRow(String where, int[] compartments, int[] mants, int formatIndex, SynapseFormat format,
                            int maxCompartment) {
        for (int i = 0; i < compartments.length; i++) {
            // Strictly ascending: the run encoding and the emulator both walk compartments in order.
            int min = i == 0 ? 0 : compartments[i - 1] + 1;
            if (compartments[i] < min || compartments[i] > maxCompartment) {
                check.range("synapseCompartment", synapseAt(where, i), compartments[i], min, maxCompartment);
            }
            // A dense run stores only its first compartment; the rest must follow it one by one.
            if (format.dense() && i % ChipLimits.SYNAPSE_RUN_MAX != 0 && compartments[i] != compartments[i - 1] + 1) {
                throw check.rangeError("synapseCompartment", synapseAt(where, i)
                        + ", reason=dense run not consecutive, previous="
                        + compartments[i - 1] + ", actual=" + compartments[i]);
            }
            int mant = mants[i];
            if (!WeightField.isExact(mant, format)) {
                throw check.rangeError("weightMant", synapseAt(where, i) + ", format=" + formatIndex + ", signMode="
                        + format.signMode() + ", weightBits=" + format.weightBits() + ", min="
                        + WeightField.minMant(format) + ", max=" + WeightField.maxMant(format) + ", step="
                        + (1 << WeightField.shift(format)) + ", actual=" + mant);
            }
        }
    }

    /**
     * Where synapse {@code i} of a row is, for a message: built only once a check failed, since a
     * string per synapse was most of what validating an image allocated (the in-process emulator
     * validates each worker's upload).
     */
    private static String synapseAt(String where, int i) {
        return where + ", synapse=" + i;
    }

    private static String routeAt(int compartment, int route) {
        return "compartment=" + compartment + ", route=" + route;
    }

    private void routes() {
        int[] start = core.routeStart();
        int routes = core.routes();
        check.range("routeStart", "compartment=0", start[0], 0, 0);
        for (int c = 0; c < core.compartments(); c++) {
            check.range("routeStart", "compartment=" + (c + 1), start[c + 1], start[c], routes);
            for (int r = start[c]; r < start[c + 1]; r++) {
                // the route's place is only written out for a message (see synapseAt)
                int targetCore = core.routeCore()[r];
                if (targetCore < 0 || targetCore >= cores.size()) {
                    check.range("routeCore", routeAt(c, r), targetCore, 0, cores.size() - 1);
                }
                CoreImage target = cores.get(targetCore);
                int targetAxon = core.routeAxon()[r];
                if (targetAxon < 0 || targetAxon >= target.inputAxons().size()) {
                    check.range("routeAxon", routeAt(c, r) + ", targetCore=" + targetCore, targetAxon, 0,
                            target.inputAxons().size() - 1);
                }
                InputAxon axon = target.inputAxons().get(targetAxon);
                // a discrete spike carries no atom; a population spike's atom picks a row of the axon's list
                int atoms = axon.isPopulation() && axon.list() >= 0 && axon.list() < target.weightLists().size()
                        ? target.weightLists().get(axon.list()).atoms() : 1;
                if (core.routeAtom()[r] < 0 || core.routeAtom()[r] >= atoms) {
                    check.range("routeAtom", routeAt(c, r) + ", targetCore=" + targetCore + ", targetAxon="
                            + targetAxon, core.routeAtom()[r], 0, atoms - 1);
                }
            }
        }
        check.limit("outputAxonSlots", core.outputAxonSlots(cores), ChipLimits.OUTPUT_AXON_SLOTS_PER_CORE);
    }
}
