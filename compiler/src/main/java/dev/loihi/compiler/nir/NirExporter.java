package dev.loihi.compiler.nir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.discretize.WeightRounding;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;
import dev.loihi.image.SynapseFormat;
import dev.loihi.image.WeightList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled image back as a NIR graph in the chip's own values (export-nir), so that other
 * tools can check what the chip runs. Read from the image's registers, not from any float
 * model: per block one neuron node whose threshold is 1 (voltages in thresholds), the chip's
 * decays as time constants at the image's step, its bias as v_leak; per (source, block) one
 * Linear (Affine where the block's bias must ride on an edge) holding the chip's summed synapse
 * weights in thresholds. Readouts become Output nodes fed through weights.
 *
 * <p>Mapping (inverse of {@link NeuronMapping} with EXACT integration; b = exp(-dt / tau_mem)):
 * decay_u 4095 and decay_v 0 give IF; decay_u 4095 otherwise LIF; any other decay_u CubaLIF
 * with w_in 1. r = 1 / (1 - b) (IF: 1) makes NIR's input x act on v' as the chip's u does, so a
 * weight is chip weight / (scale x (decay_u + 1) / 4096). The decays are written as the taus
 * whose retention the importer rounds back to the same 12-bit decays ({@link #keepV},
 * {@link #keepU}).
 *
 * <p>Beside the values the graph carries, as {@code loihi_*} metadata ({@link GivenScales}), the
 * image's scales and weight exponents and its report figures, so that compiling it again at the
 * same step gives the same image bytes, population axons (shared convolution weights) included:
 * a weight node whose source sends population spikes carries its atoms, and its block's neurons
 * are written in the chip's (channels-last) order. Images of other neuron types (converted Keras
 * models) are refused by name.
 */
public final class NirExporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Image image;
    private final double dtSeconds;
    private final NirOptions exact;
    /** Per core: its block and the block's index of its first compartment. */
    private final int[] blockOf;
    private final int[] offsetOf;
    private final List<Block> blocks = new ArrayList<>();

    /** One layer of the image, its registers gathered over its cores. */
    private record Block(String name, String type, int n, int decayU, int decayV, double scale, long[] bias,
                         JsonNode row) {}

    /**
     * The summed chip weights from one source into one block, and per synapse format used
     * (sign mode, exponent) the (pre, post) pairs its synapses sit at.
     */
    static final class Link {
        final long[][] weights;
        final Map<PartExponents.Format, List<int[]>> formats = new LinkedHashMap<>();
        /** Atoms the source's population spikes carry (its neurons per position), 0 for discrete axons. */
        int atoms;
        /** Per core of the post block, the first input axon this source reaches there. */
        final Map<Integer, Integer> firstAxon = new HashMap<>();

        Link(int nPre, int nPost) {
            weights = new long[nPre][nPost];
        }
    }

    private NirExporter(Image image, double dtSeconds) {
        this.image = image;
        this.dtSeconds = dtSeconds;
        this.exact = new NirOptions(dtSeconds, NirOptions.Integration.EXACT);
        this.blockOf = new int[image.cores().size()];
        this.offsetOf = new int[image.cores().size()];
    }

    public static NirGraph export(Image image) {
        JsonNode meta = metadata(image);
        double dt = meta.path("settings").path("dtSeconds").asDouble(Double.NaN);
        if (!(dt > 0)) {
            throw unsupported("image metadata has no step: key=settings.dtSeconds");
        }
        NirExporter exporter = new NirExporter(image, dt);
        exporter.gatherBlocks(meta.path("layers"));
        return exporter.graph(meta.path("network").asText("network"));
    }

    /** The step a graph from {@link #export} was written at: compiling it again at this --dt gives the image. */
    public static double dtSeconds(NirGraph exported) {
        return exported.metadata().numbers().get(GivenScales.DT_SECONDS).values()[0];
    }

    private static JsonNode metadata(Image image) {
        try {
            JsonNode meta = JSON.readTree(image.metadata() == null ? "{}" : image.metadata());
            if (!meta.path("layers").isArray()) {
                throw unsupported("image metadata has no layer rows: key=layers");
            }
            return meta;
        } catch (IOException e) {
            throw unsupported("image metadata is not JSON: reason=" + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void gatherBlocks(JsonNode layers) {
        Map<String, Integer> index = new HashMap<>();
        for (JsonNode row : layers) {
            String type = row.path("type").asText();
            if (!type.equals("CUBA_LIF") && !type.equals("READOUT")) {
                throw unsupported("NIR describes the neurons of images compiled from NIR graphs (CUBA_LIF and READOUT"
                        + " layers): layer=" + row.path("name").asText() + ", type=" + type);
            }
            index.put(row.path("name").asText(), index.size());
        }
        List<List<CoreImage>> coresOf = new ArrayList<>();
        layers.forEach(row -> coresOf.add(new ArrayList<>()));
        int[] filled = new int[index.size()];
        for (int c = 0; c < image.cores().size(); c++) {
            CoreImage core = image.cores().get(c);
            Integer b = index.get(core.layer());
            if (b == null) {
                throw unsupported("a core holds a layer the metadata does not list: core=" + c + ", layer=" + core.layer());
            }
            blockOf[c] = b;
            offsetOf[c] = filled[b];
            filled[b] += core.compartments();
            coresOf.get(b).add(core);
        }
        int b = 0;
        for (JsonNode row : layers) {
            blocks.add(block(row, coresOf.get(b), filled[b]));
            b++;
        }
    }

    private static Block block(JsonNode row, List<CoreImage> cores, int n) {
        String name = row.path("name").asText();
        if (cores.isEmpty() || n != row.path("neurons").asInt()) {
            throw unsupported("a layer's cores do not hold its neurons: layer=" + name + ", neurons="
                    + row.path("neurons").asInt() + ", compartments=" + n);
        }
        CompartmentProfile profile = cores.get(0).compartmentProfiles().get(cores.get(0).compartmentProfile()[0]);
        long[] bias = new long[n];
        int j = 0;
        for (CoreImage core : cores) {
            for (int i = 0; i < core.compartments(); i++, j++) {
                CompartmentProfile p = core.compartmentProfiles().get(core.compartmentProfile()[i]);
                if (p.decayU() != profile.decayU() || p.decayV() != profile.decayV()) {
                    throw unsupported("a NIR node has one time constant, the layer has several decays: layer=" + name
                            + ", compartment=" + j);
                }
                bias[j] = (long) core.biasMant()[i] << core.biasExp()[i];
            }
        }
        return new Block(name, row.path("type").asText(), n, profile.decayU(), profile.decayV(),
                row.path("scale").asDouble(), bias, row);
    }

    private NirGraph graph(String network) {
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        List<NirEdge> edges = new ArrayList<>();
        // links.get(post) maps each source (input port or block) to what it sends there, in source order
        List<Map<String, Link>> links = new ArrayList<>();
        blocks.forEach(b -> links.add(new LinkedHashMap<>()));
        for (InputPort port : image.inputs()) {
            nodes.put(port.name(), new NirNode(port.name(), "Input", Map.of("shape", NirArray.of(port.axons())), null));
            for (int a = 0; a < port.axons(); a++) {
                for (int t = port.targetStart()[a]; t < port.targetStart()[a + 1]; t++) {
                    reach(links, port.name(), port.axons(), a, port.targetCore()[t], port.targetAxon()[t], 0);
                }
            }
        }
        for (int c = 0; c < image.cores().size(); c++) {
            CoreImage core = image.cores().get(c);
            Block from = blocks.get(blockOf[c]);
            for (int i = 0; i < core.compartments(); i++) {
                for (int r = core.routeStart()[i]; r < core.routeStart()[i + 1]; r++) {
                    reach(links, from.name(), from.n(), offsetOf[c] + i, core.routeCore()[r], core.routeAxon()[r],
                            core.routeAtom()[r]);
                }
            }
        }
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            if (!block.type().equals("READOUT")) {
                nodes.put(block.name(), neuron(block));
            }
        }
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            boolean biasOnEdge = block.type().equals("READOUT") || isIntegrator(block);
            boolean first = true;
            List<Map.Entry<String, Link>> sources = new ArrayList<>(links.get(b).entrySet());
            sources.sort(NirExporter::connectionOrder);
            for (Map.Entry<String, Link> e : sources) {
                String name = unique(nodes, block.name() + ".from." + e.getKey());
                nodes.put(name, weights(name, block, e.getValue(), biasOnEdge && first));
                edges.add(new NirEdge(e.getKey(), name));
                edges.add(new NirEdge(name, block.name()));
                first = false;
            }
            if (first) {
                throw unsupported("a layer receives no synapses, NIR needs an edge into it: layer=" + block.name());
            }
        }
        for (OutputPort port : image.outputs()) {
            Block block = blocks.stream().filter(b -> b.name().equals(port.name())).findFirst().orElseThrow(
                    () -> unsupported("an output port reads no layer: output=" + port.name()));
            if (port.kind() == OutputPort.Kind.VOLTAGE) {
                nodes.put(block.name(), new NirNode(block.name(), "Output", Map.of("shape", NirArray.of(block.n())), null,
                        given(block)));
            } else {
                String name = unique(nodes, block.name() + ".output");
                nodes.put(name, new NirNode(name, "Output", Map.of("shape", NirArray.of(block.n())), null));
                edges.add(new NirEdge(block.name(), name));
            }
        }
        NirMetadata graphMeta = new NirMetadata(Map.of(GivenScales.DT_SECONDS, NirArray.of(dtSeconds)),
                Map.of(GivenScales.NETWORK, network));
        return new NirGraph(NirFileWriter.VERSION, nodes, edges, graphMeta);
    }

    /**
     * Adds the synapses of route (source neuron {@code pre} -> core, axon, atom) to the link into
     * the core's block: a discrete axon's own, or row {@code atom} of a population axon's weight
     * list from the axon's base.
     */
    private void reach(List<Map<String, Link>> links, String source, int nPre, int pre, int coreIndex, int axonIndex,
                       int atom) {
        CoreImage core = image.cores().get(coreIndex);
        Block post = blocks.get(blockOf[coreIndex]);
        Link link = links.get(blockOf[coreIndex]).computeIfAbsent(source, s -> new Link(nPre, post.n()));
        link.firstAxon.merge(coreIndex, axonIndex, Math::min);
        InputAxon axon = core.inputAxons().get(axonIndex);
        int[] compartments = axon.compartments();
        int[] mants = axon.weightMants();
        int base = 0;
        int formatIndex = axon.format();
        if (axon.isPopulation()) {
            WeightList list = core.weightLists().get(axon.list());
            compartments = list.compartments()[atom];
            mants = list.weightMants()[atom];
            base = axon.base();
            formatIndex = list.format();
            link.atoms = Math.max(link.atoms, atom + 1);
        }
        SynapseFormat format = core.synapseFormats().get(formatIndex);
        int minExp = WeightRounding.minExp(format.signMode());
        if (format.weightExp() < minExp) {
            // below it the chip's first shift drops mantissa bits, which the weights here do not model
            throw unsupported("a weight exponent that drops mantissa bits is not exported: core=" + coreIndex
                    + ", exp=" + format.weightExp() + ", min=" + minExp);
        }
        List<int[]> at = link.formats.computeIfAbsent(new PartExponents.Format(format.signMode(), format.weightExp()),
                k -> new ArrayList<>());
        for (int k = 0; k < mants.length; k++) {
            int j = offsetOf[coreIndex] + base + compartments[k];
            link.weights[pre][j] += (long) mants[k] << (ChipLimits.WEIGHT_SHIFT + format.weightExp());
            at.add(new int[] {pre, j});
        }
    }

    /**
     * The order of two sources' connections into one block, as the discretizer listed them: the
     * packer gives each core's input axons in that order, so on the first core both reach, the
     * one with the lower axon came first.
     */
    private static int connectionOrder(Map.Entry<String, Link> a, Map.Entry<String, Link> b) {
        Map<Integer, Integer> x = a.getValue().firstAxon;
        Map<Integer, Integer> y = b.getValue().firstAxon;
        int shared = x.keySet().stream().filter(y::containsKey).mapToInt(Integer::intValue).min().orElse(-1);
        if (shared >= 0) {
            return Integer.compare(x.get(shared), y.get(shared));
        }
        return Integer.compare(java.util.Collections.min(x.keySet()), java.util.Collections.min(y.keySet()));
    }

    private NirNode neuron(Block block) {
        int n = block.n();
        double[] leak = new double[n];
        if (isIntegrator(block)) {
            return new NirNode(block.name(), "IF", Map.of("r", filled(n, 1), "v_threshold", filled(n, 1),
                    "v_reset", filled(n, 0)), null, given(block));
        }
        double tauMem = tau(keepV(block.decayV()));
        double keep = exact.retention(tauMem);
        for (int j = 0; j < n; j++) {
            leak[j] = block.bias()[j] / block.scale() / (1 - keep);
        }
        Map<String, NirArray> p = new LinkedHashMap<>();
        if (block.decayU() == ChipLimits.DECAY_MAX) {
            p.put("tau", filled(n, tauMem));
        } else {
            p.put("tau_syn", filled(n, tau(keepU(block.decayU()))));
            p.put("tau_mem", filled(n, tauMem));
            p.put("w_in", filled(n, 1));
        }
        p.put("r", filled(n, 1 / (1 - keep)));
        p.put("v_leak", NirArray.of(leak));
        p.put("v_threshold", filled(n, 1));
        p.put("v_reset", filled(n, 0));
        return new NirNode(block.name(), block.decayU() == ChipLimits.DECAY_MAX ? "LIF" : "CubaLIF", p, null,
                given(block));
    }

    /** No leak and no synaptic filter: NIR's IF, which has no v_leak, so its bias rides on an edge. */
    private static boolean isIntegrator(Block block) {
        return block.decayU() == ChipLimits.DECAY_MAX && block.decayV() == 0;
    }

    /** The weight node from one source into {@code post}: weights in thresholds, [post, pre]. */
    private NirNode weights(String name, Block post, Link link, boolean withBias) {
        double perChip = 1 / (post.scale() * ((post.decayU() + 1) / (double) ChipLimits.DECAY_ONE));
        int nPre = link.weights.length;
        double[][] w = new double[post.n()][nPre];
        for (int i = 0; i < nPre; i++) {
            for (int j = 0; j < post.n(); j++) {
                w[j][i] = link.weights[i][j] * perChip;
            }
        }
        Map<String, NirArray> p = new LinkedHashMap<>();
        p.put("weight", NirArray.matrix(w));
        if (withBias) {
            double[] bias = new double[post.n()];
            for (int j = 0; j < bias.length; j++) {
                bias[j] = post.bias()[j] / post.scale();
            }
            p.put("bias", NirArray.of(bias));
        }
        int[][] exps = PartExponents.of(link.weights, link.formats, name);
        Map<String, NirArray> given = new LinkedHashMap<>();
        given.put(GivenScales.EXP, ints(exps[0]));
        given.put(GivenScales.RESIDUAL_EXP, ints(exps[1]));
        if (link.atoms > 0) {
            given.put(GivenScales.SHARED_ATOMS, NirArray.of(link.atoms));
        }
        NirMetadata meta = new NirMetadata(given, Map.of());
        return new NirNode(name, withBias ? "Affine" : "Linear", p, null, meta);
    }

    /** The block's scale and report figures, for {@link GivenScales}. */
    private static NirMetadata given(Block block) {
        JsonNode row = block.row();
        Map<String, NirArray> numbers = new LinkedHashMap<>();
        numbers.put(GivenScales.SCALE, NirArray.of(block.scale()));
        numbers.put(GivenScales.RMS, NirArray.of(row.path("weightRmsError").asDouble()));
        numbers.put(GivenScales.BITS_LOST, NirArray.of(row.path("bitsLost").asDouble()));
        numbers.put(GivenScales.ZEROED, NirArray.of(row.path("zeroedWeights").asLong()));
        numbers.put(GivenScales.MAX_RATE, NirArray.of(row.path("maxRate").asDouble()));
        return new NirMetadata(numbers, Map.of(GivenScales.BINDING, row.path("bindingLimit").asText()));
    }

    /**
     * What a chip v keeps per step as NIR sees it: the importer turns b into decay_v =
     * rint((1 - b) x 4095), so b = 1 - decay_v / 4095, kept a quarter step inside (0, 1) so that
     * tau stays finite and positive and still rounds back.
     */
    static double keepV(int decayV) {
        return 1 - Math.min(Math.max(decayV, 0.25), ChipLimits.DECAY_MAX - 0.25) / ChipLimits.DECAY_MAX;
    }

    /** As {@link #keepV} for u: the importer stores decay_u = rint((1 - a) x 4095 - 1). */
    static double keepU(int decayU) {
        return 1 - (decayU + 0.75) / ChipLimits.DECAY_MAX;
    }

    /** The tau whose exact per-step retention is {@code keep}. */
    private double tau(double keep) {
        return -dtSeconds / Math.log(keep);
    }

    private static NirArray filled(int n, double value) {
        double[] v = new double[n];
        Arrays.fill(v, value);
        return NirArray.of(v);
    }

    private static NirArray ints(int[] values) {
        return NirArray.of(Arrays.stream(values).asDoubleStream().toArray());
    }

    private static String unique(Map<String, NirNode> nodes, String name) {
        String candidate = name;
        for (int k = 2; nodes.containsKey(candidate); k++) {
            candidate = name + "." + k;
        }
        return candidate;
    }

    static LoihiException unsupported(String what) {
        return new LoihiException(CompilerErrors.NIR_EXPORT_UNSUPPORTED, what);
    }
}
