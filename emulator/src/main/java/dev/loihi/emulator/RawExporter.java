package dev.loihi.emulator;

import dev.loihi.common.LoihiException;
import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.ImageValidator;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.WeightList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes an image out as a raw network that replays it bit for bit, so that another emulator
 * (or a reviewer with a text editor) can run exactly what the chip would run.
 *
 * <p>Each core becomes a block {@code c<index>_<layer>} with its profiles expanded per
 * compartment. Each (source, destination core, synapse format) becomes a dense synapse entry
 * whose weights are the raw mantissas that give the chip's effective weights at the format's
 * exponent ({@link Weights#rawFor}); a source that reaches several axons of one format on the
 * same core gets one entry per such axon, so every spike still adds the same integers to q.
 * Dense matrices make this meant for networks of modest size, not for a packed full chip.
 *
 * <p>Routes to population axons become population synapses (RAW_FORMAT.md): one per (source
 * core, destination core, weight list, pop type), holding that list once and every destination
 * axon that uses it; a compartment that reaches several such axons gets one entry per axon.
 */
public final class RawExporter {
    private RawExporter() {}

    /** The block name of core {@code index}: {@code c<index>_<layer>}. */
    public static String blockName(int index, String layer) {
        return layer == null || layer.isEmpty() ? "c" + index : "c" + index + "_" + layer;
    }

    public static RawNetwork export(Image image, Map<String, int[][]> inputSpikeTimes, int steps) {
        ImageValidator.validate(image);
        List<RawBlock> blocks = new ArrayList<>();
        for (int c = 0; c < image.cores().size(); c++) {
            blocks.add(block(c, image.cores().get(c)));
        }
        List<RawInput> inputs = inputs(image, inputSpikeTimes, steps);
        Set<String> names = new HashSet<>();
        for (RawBlock b : blocks) {
            names.add(b.name());
        }
        for (RawInput in : inputs) {
            if (!names.add(in.name())) {
                throw new LoihiException(EmulatorErrors.EXPORT_UNREPRESENTABLE,
                        "input port name clashes with a block name: input=" + in.name());
            }
        }
        List<RawSynapse> synapses = new ArrayList<>();
        for (InputPort port : image.inputs()) {
            List<int[]> targets = new ArrayList<>();
            for (int a = 0; a < port.axons(); a++) {
                int from = port.targetStart()[a];
                int to = port.targetStart()[a + 1];
                targets.add(pairs(port.targetCore(), port.targetAxon(), from, to));
            }
            addEntries(image, port.name(), targets, synapses);
        }
        for (int c = 0; c < image.cores().size(); c++) {
            CoreImage core = image.cores().get(c);
            List<int[]> targets = new ArrayList<>();
            for (int i = 0; i < core.compartments(); i++) {
                targets.add(pairs(core.routeCore(), core.routeAxon(), core.routeStart()[i], core.routeStart()[i + 1]));
            }
            addEntries(image, blocks.get(c).name(), targets, synapses);
            addPopulationEntries(image, blocks.get(c).name(), core, synapses);
        }
        RawNetwork raw = new RawNetwork(steps, blocks, inputs, synapses);
        RawNetworkValidator.validate(raw, "export");
        return raw;
    }

    /** The image's input ports as raw inputs with the given spike times (absent ports never spike). */
    static List<RawInput> inputs(Image image, Map<String, int[][]> inputSpikeTimes, int steps) {
        if (steps < 1) {
            throw new LoihiException(EmulatorErrors.RAW_RANGE, "steps out of range: steps=" + steps + ", min=1");
        }
        Set<String> known = new HashSet<>();
        List<RawInput> inputs = new ArrayList<>();
        for (InputPort port : image.inputs()) {
            known.add(port.name());
            int[][] times = inputSpikeTimes.get(port.name());
            inputs.add(times == null ? RawInput.silent(port.name(), port.axons()) : new RawInput(port.name(), port.axons(), times));
        }
        for (String name : inputSpikeTimes.keySet()) {
            if (!known.contains(name)) {
                throw new LoihiException(EmulatorErrors.INPUT_UNKNOWN, "input spikes for a port the image lacks: input="
                        + name + ", ports=" + known);
            }
        }
        RawNetworkValidator.validate(new RawNetwork(steps, List.of(), inputs, List.of()), "input spikes");
        return inputs;
    }

    private static RawBlock block(int index, CoreImage core) {
        int n = core.compartments();
        int[] decayU = new int[n];
        int[] decayV = new int[n];
        int[] vth = new int[n];
        int[] refract = new int[n];
        for (int i = 0; i < n; i++) {
            CompartmentProfile p = core.compartmentProfiles().get(core.compartmentProfile()[i]);
            decayU[i] = p.decayU();
            decayV[i] = p.decayV();
            refract[i] = p.refractDelay();
            vth[i] = core.vthMants()[core.thresholdProfile()[i]];
        }
        return new RawBlock(blockName(index, core.layer()), n, decayU, decayV, vth, core.biasMant().clone(),
                core.biasExp().clone(), refract, core.vminExp(), core.vmaxExp());
    }

    /** Interleaved (core, axon) pairs of one row of a compressed target table. */
    private static int[] pairs(int[] cores, int[] axons, int from, int to) {
        int[] out = new int[2 * (to - from)];
        for (int k = from; k < to; k++) {
            out[2 * (k - from)] = cores[k];
            out[2 * (k - from) + 1] = axons[k];
        }
        return out;
    }

    /** One dense entry per (destination core, format, layer) reached from a source's rows. */
    private static void addEntries(Image image, String source, List<int[]> targets, List<RawSynapse> out) {
        // key: destination core and format; value: per source row, the axons it reaches there
        TreeMap<Long, List<List<Integer>>> groups = new TreeMap<>();
        for (int row = 0; row < targets.size(); row++) {
            int[] t = targets.get(row);
            for (int k = 0; k < t.length; k += 2) {
                int core = t[k];
                int axon = t[k + 1];
                if (image.cores().get(core).inputAxons().get(axon).isPopulation()) {
                    continue;
                }
                int format = image.cores().get(core).inputAxons().get(axon).format();
                List<List<Integer>> rows = groups.computeIfAbsent(((long) core << 32) | format, key -> {
                    List<List<Integer>> fresh = new ArrayList<>();
                    for (int r = 0; r < targets.size(); r++) {
                        fresh.add(new ArrayList<>());
                    }
                    return fresh;
                });
                rows.get(row).add(axon);
            }
        }
        for (Map.Entry<Long, List<List<Integer>>> g : groups.entrySet()) {
            int coreIndex = (int) (g.getKey() >>> 32);
            CoreImage core = image.cores().get(coreIndex);
            int exp = core.synapseFormats().get((int) (long) g.getKey()).weightExp();
            int layers = 0;
            for (List<Integer> axons : g.getValue()) {
                layers = Math.max(layers, axons.size());
            }
            for (int layer = 0; layer < layers; layer++) {
                int[][] weights = new int[targets.size()][core.compartments()];
                boolean any = false;
                for (int row = 0; row < targets.size(); row++) {
                    List<Integer> axons = g.getValue().get(row);
                    if (layer < axons.size()) {
                        any |= fill(weights[row], core.inputAxons().get(axons.get(layer)), exp, source, coreIndex);
                    }
                }
                if (any) {
                    out.add(new RawSynapse(source, blockName(coreIndex, core.layer()), weights, exp));
                }
            }
        }
    }

    /** The population routes of {@code core} (block {@code source}) as raw population synapses. */
    private static void addPopulationEntries(Image image, String source, CoreImage core, List<RawSynapse> out) {
        // key (destination core, list, pop type, occurrence of that key among one compartment's routes)
        TreeMap<List<Integer>, int[][]> groups = new TreeMap<>((a, b) -> {
            for (int k = 0; k < a.size(); k++) {
                int d = Integer.compare(a.get(k), b.get(k));
                if (d != 0) {
                    return d;
                }
            }
            return 0;
        });
        for (int i = 0; i < core.compartments(); i++) {
            Map<List<Integer>, Integer> seen = new HashMap<>();
            for (int r = core.routeStart()[i]; r < core.routeStart()[i + 1]; r++) {
                InputAxon axon = image.cores().get(core.routeCore()[r]).inputAxons().get(core.routeAxon()[r]);
                if (!axon.isPopulation()) {
                    continue;
                }
                List<Integer> target = List.of(core.routeCore()[r], axon.list(), axon.popType());
                int occurrence = seen.merge(target, 1, Integer::sum) - 1;
                List<Integer> key = List.of(target.get(0), target.get(1), target.get(2), occurrence);
                int[][] sends = groups.computeIfAbsent(key, k -> {
                    int[][] fresh = {new int[core.compartments()], new int[core.compartments()]};
                    Arrays.fill(fresh[0], -1);
                    return fresh;
                });
                sends[0][i] = core.routeAxon()[r];
                sends[1][i] = core.routeAtom()[r];
            }
        }
        for (Map.Entry<List<Integer>, int[][]> g : groups.entrySet()) {
            int coreIndex = g.getKey().get(0);
            int listIndex = g.getKey().get(1);
            int popType = g.getKey().get(2);
            CoreImage target = image.cores().get(coreIndex);
            WeightList list = target.weightLists().get(listIndex);
            int exp = target.synapseFormats().get(list.format()).weightExp();
            // the destination's axons of this list and kind, renumbered from 0
            Map<Integer, Integer> local = new HashMap<>();
            List<Integer> bases = new ArrayList<>();
            for (int a = 0; a < target.inputAxons().size(); a++) {
                InputAxon axon = target.inputAxons().get(a);
                if (axon.isPopulation() && axon.list() == listIndex && axon.popType() == popType) {
                    local.put(a, bases.size());
                    bases.add(axon.base());
                }
            }
            int[] axonOf = g.getValue()[0].clone();
            for (int i = 0; i < axonOf.length; i++) {
                axonOf[i] = axonOf[i] < 0 ? -1 : local.get(axonOf[i]);
            }
            int[][] weights = new int[list.atoms()][];
            for (int k = 0; k < list.atoms(); k++) {
                weights[k] = new int[list.weightMants()[k].length];
                for (int j = 0; j < weights[k].length; j++) {
                    weights[k][j] = rawWeight(list.weightMants()[k][j], exp, source, coreIndex, list.compartments()[k][j]);
                }
            }
            int[] base = bases.stream().mapToInt(Integer::intValue).toArray();
            RawPopulation population = new RawPopulation(popType, axonOf, g.getValue()[1], base, new int[base.length],
                    List.of(new RawPopulation.WeightList(weights, list.compartments())));
            out.add(new RawSynapse(source, blockName(coreIndex, target.layer()), null, exp, population));
        }
    }

    private static int rawWeight(int mant, int exp, String source, int core, int compartment) {
        int effective = Weights.image(mant, exp);
        int w = Weights.rawFor(effective, exp);
        if (w == Integer.MIN_VALUE || w < RawNetworkValidator.RAW_WEIGHT_MIN || w > RawNetworkValidator.RAW_WEIGHT_MAX) {
            throw new LoihiException(EmulatorErrors.EXPORT_UNREPRESENTABLE, "weight has no raw form: source=" + source
                    + ", core=" + core + ", compartment=" + compartment + ", effective=" + effective + ", exp=" + exp);
        }
        return w;
    }

    private static boolean fill(int[] row, InputAxon axon, int exp, String source, int core) {
        boolean any = false;
        for (int k = 0; k < axon.synapseCount(); k++) {
            int effective = Weights.image(axon.weightMants()[k], exp);
            int w = Weights.rawFor(effective, exp);
            int sum = row[axon.compartments()[k]] + w;
            if (w == Integer.MIN_VALUE || sum < RawNetworkValidator.RAW_WEIGHT_MIN || sum > RawNetworkValidator.RAW_WEIGHT_MAX) {
                throw new LoihiException(EmulatorErrors.EXPORT_UNREPRESENTABLE, "weight has no raw form: source=" + source
                        + ", core=" + core + ", compartment=" + axon.compartments()[k] + ", effective=" + effective
                        + ", exp=" + exp);
            }
            row[axon.compartments()[k]] = sum;
            any |= sum != 0;
        }
        return any;
    }
}
