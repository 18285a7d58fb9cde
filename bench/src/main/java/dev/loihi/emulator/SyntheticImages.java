package dev.loihi.emulator;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;
import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic images for the emulator benchmarks. Both pass ImageValidator, so they are
 * images a chip could hold, not just arrays of the right size.
 */
final class SyntheticImages {
    private SyntheticImages() {}

    /** Mixed-sign 8-bit dense format at exponent 0: mantissas are even (the chip drops bit 0). */
    private static final SynapseFormat DENSE_MIXED = new SynapseFormat(8, SignMode.MIXED, 0, true);

    /**
     * A jet tagger: 16 inputs -> 64 -> 32 -> 32 -> 5 integrate-and-fire compartments, one core
     * per layer, all-to-all between layers, with input port "in" and output port "out".
     */
    static Image jetTagger(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] sizes = {16, 64, 32, 32, 5};
        List<CoreImage> cores = new ArrayList<>();
        for (int layer = 1; layer < sizes.length; layer++) {
            int n = sizes[layer];
            int axons = sizes[layer - 1];
            List<InputAxon> inputAxons = new ArrayList<>();
            for (int a = 0; a < axons; a++) {
                int[] comps = new int[n];
                int[] mants = new int[n];
                for (int i = 0; i < n; i++) {
                    comps[i] = i;
                    mants[i] = 2 * (r.nextInt(61) - 34);
                }
                inputAxons.add(new InputAxon(0, comps, mants));
            }
            boolean last = layer == sizes.length - 1;
            int next = last ? 0 : 1;
            int[] routeStart = new int[n + 1];
            int[] routeCore = new int[last ? 0 : n];
            int[] routeAxon = new int[last ? 0 : n];
            for (int i = 0; i < n; i++) {
                routeStart[i + 1] = routeStart[i] + next;
                if (!last) {
                    routeCore[i] = layer;
                    routeAxon[i] = i;
                }
            }
            int[] biasMant = new int[n];
            for (int i = 0; i < n; i++) {
                biasMant[i] = r.nextInt(20);
            }
            cores.add(new CoreImage(0, layer - 1, "dense" + layer, n, 0, 7,
                    List.of(new CompartmentProfile(4095, 0, 1)), new int[] {40}, List.of(DENSE_MIXED),
                    new int[n], new int[n], biasMant, new int[n], inputAxons, routeStart, routeCore, routeAxon));
        }
        int[] start = new int[17];
        int[] targetCore = new int[16];
        int[] targetAxon = new int[16];
        for (int a = 0; a < 16; a++) {
            start[a + 1] = a + 1;
            targetAxon[a] = a;
        }
        InputPort in = new InputPort("in", 16, start, targetCore, targetAxon);
        int[] outCores = new int[5];
        Arrays.fill(outCores, 3);
        OutputPort out = new OutputPort("out", OutputPort.Kind.SPIKES, outCores, new int[] {0, 1, 2, 3, 4});
        return new Image(1, cores, List.of(in), List.of(out), "{}");
    }

    /** Synapses behind each input axon of the full chip: one dense run. */
    static final int FULL_CHIP_RUN = 16;
    /** Output axons (routes) per compartment of the full chip. */
    static final int FULL_CHIP_FAN_OUT = 4;

    /**
     * A full chip: 128 cores x 1024 compartments. Every compartment routes to 4 random (core,
     * axon) pairs, using each core's 4096 input axons and 4096 output slots exactly once; each
     * axon is a dense run of 16 compartments (64 synapses reached per spike, 786,432 of the
     * 1,048,576 synapse bits of a core). Bias drives every compartment to fire every 9-12
     * steps and small zero-mean weights jitter the phases, so about 10% spike each step.
     */
    static Image fullChip(long seed) {
        return fullChips(seed, 1);
    }

    /**
     * {@code chips} full chips ({@link #fullChip} is one) whose compartments route to random
     * axons of every chip. The cores of chip k > 0 share the synapse tables (the input axons'
     * arrays) of the core at the same place on chip 0, which keeps a 32-chip image within a few
     * hundred MB; their routes, biases and profiles are their own.
     */
    static Image fullChips(long seed, int chips) {
        SplittableRandom r = new SplittableRandom(seed);
        int coreCount = ChipLimits.CORES_PER_CHIP * chips;
        int n = ChipLimits.COMPARTMENTS_PER_CORE;
        int axonsPerCore = n * FULL_CHIP_FAN_OUT;
        int[] slots = new int[coreCount * axonsPerCore];
        for (int k = 0; k < slots.length; k++) {
            slots[k] = k;
        }
        for (int k = slots.length - 1; k > 0; k--) {
            int j = r.nextInt(k + 1);
            int t = slots[k];
            slots[k] = slots[j];
            slots[j] = t;
        }
        List<CoreImage> cores = new ArrayList<>();
        int slot = 0;
        for (int c = 0; c < coreCount; c++) {
            if (c >= ChipLimits.CORES_PER_CHIP) {
                cores.add(fullChipCore(r, c, cores.get(c % ChipLimits.CORES_PER_CHIP).inputAxons(), slots, slot));
                slot += n * FULL_CHIP_FAN_OUT;
                continue;
            }
            List<InputAxon> axons = new ArrayList<>(axonsPerCore);
            for (int a = 0; a < axonsPerCore; a++) {
                int from = r.nextInt(n - FULL_CHIP_RUN + 1);
                int[] comps = new int[FULL_CHIP_RUN];
                int[] mants = new int[FULL_CHIP_RUN];
                for (int k = 0; k < FULL_CHIP_RUN; k++) {
                    comps[k] = from + k;
                    mants[k] = 2 * (r.nextInt(9) - 4);
                }
                axons.add(new InputAxon(0, comps, mants));
            }
            cores.add(fullChipCore(r, c, axons, slots, slot));
            slot += n * FULL_CHIP_FAN_OUT;
        }
        int[] outCores = new int[n];
        int[] outComps = new int[n];
        for (int i = 0; i < n; i++) {
            outComps[i] = i;
        }
        OutputPort out = new OutputPort("core0", OutputPort.Kind.SPIKES, outCores, outComps);
        return new Image(chips, cores, List.of(), List.of(out), "{}");
    }

    /** Core c of {@link #fullChips}: routes to the axon slots from {@code slot} on, random biases and profiles. */
    private static CoreImage fullChipCore(SplittableRandom r, int c, List<InputAxon> axons, int[] slots, int slot) {
        int n = ChipLimits.COMPARTMENTS_PER_CORE;
        int axonsPerCore = n * FULL_CHIP_FAN_OUT;
        int[] routeStart = new int[n + 1];
        int[] routeCore = new int[n * FULL_CHIP_FAN_OUT];
        int[] routeAxon = new int[n * FULL_CHIP_FAN_OUT];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < FULL_CHIP_FAN_OUT; k++) {
                int target = slots[slot++];
                routeCore[i * FULL_CHIP_FAN_OUT + k] = target / axonsPerCore;
                routeAxon[i * FULL_CHIP_FAN_OUT + k] = target % axonsPerCore;
            }
            routeStart[i + 1] = (i + 1) * FULL_CHIP_FAN_OUT;
        }
        int[] biasMant = new int[n];
        int[] profile = new int[n];
        for (int i = 0; i < n; i++) {
            biasMant[i] = 560 + r.nextInt(180);
            profile[i] = r.nextInt(2);
        }
        List<CompartmentProfile> profiles = List.of(new CompartmentProfile(4095, 0, 1), new CompartmentProfile(2048, 20, 2));
        return new CoreImage(c / ChipLimits.CORES_PER_CHIP, c % ChipLimits.CORES_PER_CHIP, "core" + c, n, 0, 7,
                profiles, new int[] {100}, List.of(DENSE_MIXED), profile, new int[n], biasMant, new int[n], axons,
                routeStart, routeCore, routeAxon);
    }
}
