package dev.loihi.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of valid images covering every sign mode, weight width, dense and sparse
 * formats, several chips and cores, routes, input and output ports.
 */
final class RandomImages {
    private final Random random;

    private RandomImages(long seed) {
        this.random = new Random(seed);
    }

    static Image image(long seed) {
        return new RandomImages(seed).build(seed);
    }

    private Image build(long seed) {
        int chips = 1 + random.nextInt(3);
        int coreCount = 1 + random.nextInt(6);
        int[] compartments = new int[coreCount];
        int[] axonCounts = new int[coreCount];
        for (int i = 0; i < coreCount; i++) {
            compartments[i] = 1 + random.nextInt(random.nextInt(8) == 0 ? 1024 : 150);
            axonCounts[i] = random.nextInt(25);
        }
        axonCounts[0] = Math.max(axonCounts[0], 1);
        List<CoreImage> cores = new ArrayList<>();
        List<Integer> slots = distinctSlots(chips, coreCount);
        for (int i = 0; i < coreCount; i++) {
            cores.add(core(slots.get(i) / ChipLimits.CORES_PER_CHIP, slots.get(i) % ChipLimits.CORES_PER_CHIP,
                    "layer_" + i + (i % 2 == 0 ? "" : "_é"), compartments[i], axonCounts[i], axonCounts));
        }
        List<InputPort> inputs = new ArrayList<>();
        for (int p = 0; p < 1 + random.nextInt(2); p++) {
            inputs.add(inputPort("in" + p, axonCounts));
        }
        List<OutputPort> outputs = new ArrayList<>();
        for (int p = 0; p < 1 + random.nextInt(2); p++) {
            outputs.add(outputPort("out" + p, compartments, p % 2 == 0 ? OutputPort.Kind.SPIKES : OutputPort.Kind.VOLTAGE));
        }
        String metadata = "{\"seed\":" + seed + ",\"note\":\"Δt=1ms\"}";
        return new Image(chips, cores, inputs, outputs, metadata);
    }

    private List<Integer> distinctSlots(int chips, int count) {
        List<Integer> all = new ArrayList<>();
        for (int s = 0; s < chips * ChipLimits.CORES_PER_CHIP; s++) {
            all.add(s);
        }
        java.util.Collections.shuffle(all, random);
        return all.subList(0, count);
    }

    private CoreImage core(int chip, int coreOnChip, String layer, int compartments, int axonCount, int[] axonCounts) {
        List<CompartmentProfile> profiles = new ArrayList<>();
        for (int p = 0; p < 1 + random.nextInt(ChipLimits.COMPARTMENT_PROFILES_PER_CORE); p++) {
            profiles.add(new CompartmentProfile(random.nextInt(4096), random.nextInt(4096), 1 + random.nextInt(63)));
        }
        int[] vth = new int[1 + random.nextInt(ChipLimits.THRESHOLD_PROFILES_PER_CORE)];
        for (int p = 0; p < vth.length; p++) {
            vth[p] = 1 + random.nextInt(ChipLimits.VTH_MANT_MAX);
        }
        List<SynapseFormat> formats = new ArrayList<>();
        SignMode[] modes = SignMode.values();
        for (int f = 0; f < 1 + random.nextInt(ChipLimits.SYNAPSE_FORMATS_PER_CORE); f++) {
            // The first three formats cover every sign mode at full width, one dense.
            int bits = f < modes.length ? 8 : 1 + random.nextInt(8);
            SignMode mode = f < modes.length ? modes[f] : modes[random.nextInt(modes.length)];
            formats.add(new SynapseFormat(bits, mode, random.nextInt(15) - 7, f == 1 || random.nextBoolean()));
        }
        int[] cxProfile = new int[compartments];
        int[] vthProfile = new int[compartments];
        int[] biasMant = new int[compartments];
        int[] biasExp = new int[compartments];
        int[] routeStart = new int[compartments + 1];
        List<int[]> routes = new ArrayList<>();
        for (int c = 0; c < compartments; c++) {
            cxProfile[c] = random.nextInt(profiles.size());
            vthProfile[c] = random.nextInt(vth.length);
            biasMant[c] = random.nextInt(2 * ChipLimits.BIAS_MANT_MAX + 1) - ChipLimits.BIAS_MANT_MAX;
            biasExp[c] = random.nextInt(8);
            int n = random.nextInt(4) == 0 ? random.nextInt(3) : 0;
            for (int r = 0; r < n; r++) {
                int target = random.nextInt(axonCounts.length);
                if (axonCounts[target] > 0) {
                    routes.add(new int[] {target, random.nextInt(axonCounts[target])});
                }
            }
            routeStart[c + 1] = routes.size();
        }
        List<InputAxon> axons = new ArrayList<>();
        for (int a = 0; a < axonCount; a++) {
            int format = random.nextInt(formats.size());
            axons.add(axon(format, formats.get(format), compartments));
        }
        return new CoreImage(chip, coreOnChip, layer, compartments, random.nextInt(24), random.nextInt(8), profiles,
                vth, formats, cxProfile, vthProfile, biasMant, biasExp, axons, routeStart,
                routes.stream().mapToInt(r -> r[0]).toArray(), routes.stream().mapToInt(r -> r[1]).toArray());
    }

    private InputAxon axon(int formatIndex, SynapseFormat format, int compartments) {
        List<Integer> targets = format.dense() ? denseTargets(compartments) : sparseTargets(compartments);
        int[] weights = new int[targets.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = exactMantissa(format);
        }
        return new InputAxon(formatIndex, targets.stream().mapToInt(Integer::intValue).toArray(), weights);
    }

    /**
     * Runs of 64 consecutive compartments with gaps only between runs, as the dense rule allows;
     * only the last run (cut by the wanted count or the core's end) is shorter.
     */
    private List<Integer> denseTargets(int compartments) {
        List<Integer> targets = new ArrayList<>();
        int wanted = random.nextInt(200);
        int next = random.nextInt(Math.max(1, compartments / 4));
        while (targets.size() < wanted && next < compartments) {
            int run = Math.min(Math.min(ChipLimits.SYNAPSE_RUN_MAX, wanted - targets.size()), compartments - next);
            for (int i = 0; i < run; i++) {
                targets.add(next + i);
            }
            next += run + random.nextInt(5);
        }
        return targets;
    }

    private List<Integer> sparseTargets(int compartments) {
        List<Integer> targets = new ArrayList<>();
        double density = random.nextDouble() * 0.6;
        for (int c = 0; c < compartments; c++) {
            if (random.nextDouble() < density) {
                targets.add(c);
            }
        }
        return targets;
    }

    /** Written without WeightField: a random multiple of the step the format keeps. */
    private int exactMantissa(SynapseFormat format) {
        boolean mixed = format.signMode() == SignMode.MIXED;
        int step = 1 << (8 - format.weightBits() + (mixed ? 1 : 0));
        return switch (format.signMode()) {
            case EXCITATORY -> step * random.nextInt(1 << format.weightBits());
            case INHIBITORY -> -step * random.nextInt(1 << format.weightBits());
            case MIXED -> step * (random.nextInt(1 << format.weightBits()) - (1 << (format.weightBits() - 1)));
        };
    }

    private InputPort inputPort(String name, int[] axonCounts) {
        int axons = 1 + random.nextInt(6);
        int[] start = new int[axons + 1];
        List<int[]> targets = new ArrayList<>();
        for (int a = 0; a < axons; a++) {
            for (int t = 0; t < 1 + random.nextInt(3); t++) {
                int core = random.nextInt(axonCounts.length);
                if (axonCounts[core] > 0) {
                    targets.add(new int[] {core, random.nextInt(axonCounts[core])});
                }
            }
            start[a + 1] = targets.size();
        }
        return new InputPort(name, axons, start, targets.stream().mapToInt(t -> t[0]).toArray(),
                targets.stream().mapToInt(t -> t[1]).toArray());
    }

    private OutputPort outputPort(String name, int[] compartments, OutputPort.Kind kind) {
        int size = 1 + random.nextInt(20);
        int[] core = new int[size];
        int[] compartment = new int[size];
        for (int i = 0; i < size; i++) {
            core[i] = random.nextInt(compartments.length);
            compartment[i] = random.nextInt(compartments[core[i]]);
        }
        return new OutputPort(name, kind, core, compartment);
    }
}
