package dev.loihi.emulator.server;

import dev.loihi.emulator.Emulator;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputPort;
import dev.loihi.snips.SpikeWordDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the snip of each chip puts the host spikes it receives. On the board, a snip writes a
 * spike word pair straight into a core's input axon; the emulator's host API injects on input
 * ports instead. So the board side loads the image with its input ports replaced by one port
 * per chip, {@code snip<chip>}, that has one axon for every input axon of every core on that
 * chip. A word pair (core, axon) of chip k is then axon {@code base[k][core] + axon} of port k:
 * any input axon the chip has is reachable, and the host's fan-out (done by the host, as on the
 * board) is never done twice. The cores, and so every step's arithmetic, are the image's own.
 */
final class ChipIngress {
    private final Image chipImage;
    /** [chip][core on chip]: first ingress axon of that core, or -1 when the slot holds no core. */
    private final int[][] coreBase;
    /** [chip][core on chip]: input axons of that core. */
    private final int[][] coreAxons;
    /** [chip][first ingress axon of a core + axon]: the port entry, or -1 for a population axon (host spikes are discrete). */
    private final int[][] entry;
    /** [chip][entry]: the group of the entry (the host axon whose fan-out it is part of), or -1. */
    private final int[][] groupOf;
    /** [chip][group]: entries in the group. */
    private final int[][] groupSize;

    private ChipIngress(Image chipImage, int[][] coreBase, int[][] coreAxons, int[][] entry, int[][] groupOf,
                        int[][] groupSize) {
        this.chipImage = chipImage;
        this.coreBase = coreBase;
        this.coreAxons = coreAxons;
        this.entry = entry;
        this.groupOf = groupOf;
        this.groupSize = groupSize;
    }

    /** {@code image} must be valid (ImageReader checked it): cores sit on distinct chip slots. */
    static ChipIngress of(Image image) {
        int chips = image.chips();
        int[][] base = new int[chips][ChipLimits.CORES_PER_CHIP];
        int[][] axons = new int[chips][ChipLimits.CORES_PER_CHIP];
        for (int[] b : base) {
            Arrays.fill(b, -1);
        }
        int[] portAxons = new int[chips];
        List<CoreImage> cores = image.cores();
        for (CoreImage core : cores) {
            base[core.chip()][core.coreOnChip()] = portAxons[core.chip()];
            axons[core.chip()][core.coreOnChip()] = core.inputAxons().size();
            portAxons[core.chip()] += core.inputAxons().size();
        }
        List<InputPort> ports = new ArrayList<>();
        int[][] entry = new int[chips][];
        int[][] groupOf = new int[chips][];
        int[][] groupSize = new int[chips][];
        for (int chip = 0; chip < chips; chip++) {
            entry[chip] = new int[portAxons[chip]];
            Arrays.fill(entry[chip], -1);
            int[] targetCore = new int[portAxons[chip]];
            int[] targetAxon = new int[portAxons[chip]];
            int n = 0;
            for (int g = 0; g < cores.size(); g++) {
                CoreImage core = cores.get(g);
                if (core.chip() != chip) {
                    continue;
                }
                int from = base[chip][core.coreOnChip()];
                for (int a = 0; a < core.inputAxons().size(); a++) {
                    if (!core.inputAxons().get(a).isPopulation()) {
                        entry[chip][from + a] = n;
                        targetCore[n] = g;
                        targetAxon[n++] = a;
                    }
                }
            }
            List<int[]> groups = groups(image, chip, base, entry[chip], n);
            groupOf[chip] = new int[n];
            Arrays.fill(groupOf[chip], -1);
            groupSize[chip] = new int[groups.size()];
            // axons 0..n-1: one per core axon; then one per group, reaching all of the group's core axons
            int[] start = new int[n + groups.size() + 1];
            int targets = n;
            for (int[] members : groups) {
                targets += members.length;
            }
            int[] allCores = Arrays.copyOf(targetCore, targets);
            int[] allAxons = Arrays.copyOf(targetAxon, targets);
            for (int i = 0; i < n; i++) {
                start[i] = i;
            }
            int t = n;
            for (int g = 0; g < groups.size(); g++) {
                int[] members = groups.get(g);
                groupSize[chip][g] = members.length;
                start[n + g] = t;
                for (int e : members) {
                    groupOf[chip][e] = g;
                    allCores[t] = targetCore[e];
                    allAxons[t++] = targetAxon[e];
                }
            }
            start[n + groups.size()] = t;
            ports.add(new InputPort("snip" + chip, n + groups.size(), start, allCores, allAxons));
        }
        Image chipImage = new Image(chips, cores, ports, image.outputs(), image.metadata());
        return new ChipIngress(chipImage, base, axons, entry, groupOf, groupSize);
    }

    /**
     * The entries on {@code chip} that one axon of one of the image's own input ports always
     * sends to together, where it sends to two or more and no entry belongs to two such axons.
     * The emulator joins what one sender adds to one core into one synapse block (its axon
     * merger): loaded with the image's ports it does so for each host axon, but the chip's
     * ingress port sends each core axon alone, and a host axon's positive and negative halves
     * (half zeros each) were then added as two blocks, which cost the main job about a third of
     * the bare emulator's speed. A group's axon gives that block back when all of a group's
     * entries arrive in one step (docs/BENCHMARKS.md, main job).
     */
    private static List<int[]> groups(Image image, int chip, int[][] base, int[] entryOnChip, int entries) {
        List<int[]> groups = new ArrayList<>();
        int[] owner = new int[entries];
        Arrays.fill(owner, -1);
        List<CoreImage> cores = image.cores();
        for (InputPort port : image.inputs()) {
            for (int h = 0; h < port.axons(); h++) {
                int[] members = new int[port.targetStart()[h + 1] - port.targetStart()[h]];
                int m = 0;
                for (int k = port.targetStart()[h]; k < port.targetStart()[h + 1]; k++) {
                    CoreImage core = cores.get(port.targetCore()[k]);
                    int from = core.chip() == chip ? base[chip][core.coreOnChip()] : -1;
                    int e = from < 0 ? -1 : entryOnChip[from + port.targetAxon()[k]];
                    if (e >= 0 && Arrays.stream(members, 0, m).noneMatch(x -> x == e)) {
                        members[m++] = e;
                    }
                }
                if (m >= 2) {
                    int g = groups.size();
                    groups.add(Arrays.copyOf(members, m));
                    for (int i = 0; i < m; i++) {
                        // an entry two host axons reach: neither may stand for it alone
                        owner[members[i]] = owner[members[i]] == -1 ? g : -2;
                    }
                }
            }
        }
        List<int[]> kept = new ArrayList<>();
        for (int[] members : groups) {
            if (Arrays.stream(members).allMatch(e -> owner[e] >= 0)) {
                kept.add(members);
            }
        }
        return kept;
    }

    /** The image the emulator loads: the original cores and outputs, one input port per chip. */
    Image chipImage() {
        return chipImage;
    }

    /**
     * The port entry a spike word pair of {@code chip} names, or -1 when the words name a core
     * slot without a core, an axon the core lacks, a population axon, or a population axon type.
     */
    int entry(int chip, int addressWord, int typeWord) {
        int core = SpikeWordDescriptor.core(addressWord);
        int axon = SpikeWordDescriptor.axon(addressWord);
        if (typeWord != SpikeWordDescriptor.discreteTypeWord() || core >= ChipLimits.CORES_PER_CHIP) {
            return -1;
        }
        int from = coreBase[chip][core];
        if (from < 0 || axon >= coreAxons[chip][core]) {
            return -1;
        }
        return entry[chip][from + axon];
    }

    int entries(int chip) {
        return groupOf[chip].length;
    }

    int groups(int chip) {
        return groupSize[chip].length;
    }

    /** The group of {@code entry} on {@code chip}, or -1. */
    int groupOf(int chip, int entry) {
        return groupOf[chip][entry];
    }

    int groupSize(int chip, int group) {
        return groupSize[chip][group];
    }

    /** The ingress port axon that reaches every core axon of {@code group}. */
    int groupAxon(int chip, int group) {
        return groupOf[chip].length + group;
    }
}
