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

    private ChipIngress(Image chipImage, int[][] coreBase, int[][] coreAxons) {
        this.chipImage = chipImage;
        this.coreBase = coreBase;
        this.coreAxons = coreAxons;
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
        for (int chip = 0; chip < chips; chip++) {
            int n = portAxons[chip];
            int[] start = new int[n + 1];
            int[] targetCore = new int[n];
            int[] targetAxon = new int[n];
            for (int g = 0; g < cores.size(); g++) {
                CoreImage core = cores.get(g);
                if (core.chip() != chip) {
                    continue;
                }
                int from = base[chip][core.coreOnChip()];
                for (int a = 0; a < core.inputAxons().size(); a++) {
                    targetCore[from + a] = g;
                    targetAxon[from + a] = a;
                }
            }
            Arrays.setAll(start, i -> i);
            ports.add(new InputPort("snip" + chip, n, start, targetCore, targetAxon));
        }
        Image chipImage = new Image(chips, cores, ports, image.outputs(), image.metadata());
        return new ChipIngress(chipImage, base, axons);
    }

    /** The image the emulator loads: the original cores and outputs, one input port per chip. */
    Image chipImage() {
        return chipImage;
    }

    /**
     * Injects one spike of {@code chip}; false (and nothing injected) when the words name a
     * core slot without a core, an axon the core lacks, or a population axon type.
     */
    boolean deliver(Emulator emulator, int chip, int addressWord, int typeWord) {
        int core = SpikeWordDescriptor.core(addressWord);
        int axon = SpikeWordDescriptor.axon(addressWord);
        if (typeWord != SpikeWordDescriptor.discreteTypeWord() || core >= ChipLimits.CORES_PER_CHIP) {
            return false;
        }
        int from = coreBase[chip][core];
        if (from < 0 || axon >= coreAxons[chip][core]) {
            return false;
        }
        emulator.inject(chip, from + axon);
        return true;
    }
}
