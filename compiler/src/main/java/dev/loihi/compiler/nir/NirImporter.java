package dev.loihi.compiler.nir;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.discretize.BlockDynamics;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.GivenBlock;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.ChipLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NIR graph to the compiler's float {@link Network} (docs/NIR.md). Host inputs are the top
 * graph's Input nodes; every spiking neuron node (LIF, CubaLIF, IF, Threshold) becomes a
 * CUBA_LIF ensemble ({@link NeuronMapping}); the weight-only nodes between them (Affine,
 * Linear, Scale, Flatten, a subgraph's ports) fold into one dense connection per pair of
 * source and neuron node ({@link Drive}), edges that loop back included. An Output fed by one
 * neuron node as it is reads that node's spikes; an Output fed through weights, or by a
 * non-spiking node (LI, CubaLI, I), becomes a READOUT ensemble. Nodes the chip cannot run yet
 * are refused by name before anything else is looked at.
 */
public final class NirImporter {

    private static final Set<String> WEIGHT_NODES = Set.of("Affine", "Linear", "Scale", "Flatten",
            NirFlattener.IDENTITY, "Conv2d", "SumPool2d");
    private static final Set<String> CONVOLUTION = Set.of("Conv1d", "AvgPool2d");

    private final NirGraph graph;
    private final NirOptions options;
    /** The nodes in {@link GraphOrder}: what the ensembles, inputs and outputs are listed in. */
    private final List<NirNode> ordered;
    private final Map<String, List<String>> predecessors = new HashMap<>();
    private final Map<String, Drive> signals = new HashMap<>();
    /** Channels-first shape of what each weight node puts out, where convolution needs it. */
    private final Map<String, int[]> shapes = new HashMap<>();
    private final Set<String> visiting = new HashSet<>();
    /** Per Conv2d / SumPool2d node fed (through such nodes only) by one spiking neuron node, that node. */
    private final Map<String, String> convolutionSource = new HashMap<>();
    private final Map<String, NeuronMapping> neurons = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private NirImporter(NirGraph graph, NirOptions options) {
        this.graph = graph;
        this.ordered = GraphOrder.of(graph);
        this.options = options;
    }

    public static NirImport importFile(Path file, NirOptions options) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return importGraph(NirFileReader.read(file), dot > 0 ? name.substring(0, dot) : name, options);
    }

    public static NirImport importGraph(NirGraph nested, String networkName, NirOptions options) {
        NirImporter importer = new NirImporter(NirFlattener.flatten(nested), options);
        return importer.build(networkName);
    }

    private NirImport build(String fileName) {
        GivenScales.checkStep(graph, options);
        String networkName = graph.metadata().texts().getOrDefault(GivenScales.NETWORK, fileName);
        for (NirNode node : graph.nodes().values()) {
            refuseUnsupported(node);
        }
        for (NirEdge edge : graph.edges()) {
            for (String end : List.of(edge.source(), edge.target())) {
                if (!graph.nodes().containsKey(end)) {
                    throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "edge names an unknown node: edge=" + edge.source()
                            + " -> " + edge.target() + ", node=" + end);
                }
            }
            predecessors.computeIfAbsent(edge.target(), k -> new ArrayList<>()).add(edge.source());
        }
        List<Input> inputs = new ArrayList<>();
        List<Ensemble> ensembles = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        List<NirNodeReport> reports = new ArrayList<>();
        Map<String, int[]> channelsLast = new LinkedHashMap<>();
        Set<String> shared = new HashSet<>();
        for (NirNode node : ordered) {
            if (node.type().equals("Input")) {
                inputs.add(new Input(node.name(), inputSize(node)));
            } else if (NeuronMapping.isNeuron(node.type())) {
                neurons.put(node.name(), NeuronMapping.of(node, options));
            }
        }
        if (inputs.isEmpty()) {
            throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "graph has no Input node: network=" + networkName);
        }
        for (NeuronMapping m : neurons.values()) {
            if (!m.spiking()) {
                continue;
            }
            Drive drive = drive(m.node(), m.n());
            Ensemble e = new Ensemble(m.node(), m.n(), NeuronType.CUBA_LIF, m.tauRcAt1ms(), 0.0,
                    bias(m, drive));
            ensembles.add(e);
            connections.addAll(connections(m.node(), drive, m.gain(), m.synapseTauAt1ms()));
            convolution(m.node(), drive, channelsLast, shared);
            if (m.keepU() > 0 && drive.hasBias()) {
                warnings.add(CompilerErrors.NIR_BIAS_UNFILTERED + ": a constant bias into a CubaLIF acts fully from the first step: node="
                        + m.node());
            }
            if (m.resetShifted()) {
                warnings.add(CompilerErrors.NIR_RESET_START + ": v starts at v_reset on the chip, at 0 in NIR: node=" + m.node());
            }
            BlockDynamics chip = BlockDynamics.of(e, m.synapseTauAt1ms());
            reports.add(new NirNodeReport(m.node(), m.type(), m.n(), NeuronType.CUBA_LIF.name(), m.keepV(),
                    (ChipLimits.DECAY_ONE - chip.decayV()) / (double) ChipLimits.DECAY_ONE, m.keepU(),
                    (ChipLimits.DECAY_MAX - chip.decayU()) / (double) ChipLimits.DECAY_ONE));
        }
        List<String> outputs = new ArrayList<>();
        for (NirNode node : ordered) {
            if (node.type().equals("Output")) {
                String read = output(node, ensembles, connections, reports);
                // Two Output nodes may read one neuron node; the chip reads it once.
                if (!outputs.contains(read)) {
                    outputs.add(read);
                }
            }
        }
        if (outputs.isEmpty()) {
            throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "graph has no Output node: network=" + networkName);
        }
        int features = inputs.stream().mapToInt(Input::n).sum();
        outputs.forEach(channelsLast::remove);
        ChannelsLast.apply(ensembles, connections, channelsLast, shared);
        Map<String, GivenBlock> given = new HashMap<>();
        for (Ensemble e : ensembles) {
            GivenBlock block = GivenScales.of(graph.nodes().get(e.name()), predecessors.getOrDefault(e.name(), List.of()),
                    graph);
            if (block != null) {
                given.put(e.name(), block);
            }
        }
        shareGiven(connections);
        Network network = new Network(networkName, inputs, ensembles, connections, outputs,
                new InputEncoding(InputEncoding.Kind.NONE, features, 1.0, "linear"), given);
        return new NirImport(network, reports, warnings);
    }

    /** Marks the connections whose weight node records shared atoms (a graph exported from an image). */
    private void shareGiven(List<Connection> connections) {
        for (int k = 0; k < connections.size(); k++) {
            Connection c = connections.get(k);
            Integer atoms = GivenScales.sharedAtoms(graph, predecessors.getOrDefault(c.post(), List.of())).get(c.pre());
            if (atoms != null) {
                connections.set(k, new Connection(c.pre(), c.post(), c.synapses(), c.synapseTau(), c.quantized(), atoms));
            }
        }
    }

        /** Notes a convolution or pooling node fed by one spiking node, directly or through others like it. */
    private void chain(NirNode node) {
        List<String> from = predecessors.getOrDefault(node.name(), List.of());
        if (from.size() != 1) {
            return;
        }
        NeuronMapping m = neurons.get(from.get(0));
        if (m != null && m.spiking()) {
            convolutionSource.put(node.name(), from.get(0));
        } else if (convolutionSource.containsKey(from.get(0))) {
            convolutionSource.put(node.name(), convolutionSource.get(from.get(0)));
        }
    }

    /**
     * When all that reaches neuron node {@code post} is one chain of convolution and pooling
     * from one spiking node of known (C, H, W), that node is laid out channels-last and the
     * connection shares population axons ({@link ChannelsLast}).
     */
    private void convolution(String post, Drive drive, Map<String, int[]> channelsLast, Set<String> shared) {
        List<String> from = predecessors.getOrDefault(post, List.of());
        String source = from.size() == 1 ? convolutionSource.get(from.get(0)) : null;
        if (source == null || drive.weights().size() != 1 || !drive.weights().containsKey(source)) {
            return;
        }
        int[] shape = shapeOf(source);
        if (shape != null && shape.length == 3) {
            channelsLast.put(source, shape);
            shared.add(source + " -> " + post);
        }
    }

    /** The ensemble an Output reads: a spiking node as it is, or a READOUT of what reaches the Output. */
    private String output(NirNode node, List<Ensemble> ensembles, List<Connection> connections,
                          List<NirNodeReport> reports) {
        Drive drive = sum(node.name());
        if (drive.isPlainSource()) {
            String source = drive.weights().keySet().iterator().next();
            NeuronMapping m = neurons.get(source);
            if (m != null && m.spiking()) {
                return source;
            }
            if (m != null) {
                Drive in = drive(m.node(), m.n());
                ensembles.add(new Ensemble(m.node(), m.n(), NeuronType.READOUT, 0.0, 0.0, bias(m, in)));
                connections.addAll(connections(m.node(), in, m.gain(), 0));
                warnings.add(CompilerErrors.NIR_READOUT_STEADY + ": a non-spiking node is read out as the value its v settles to"
                        + " under each step's input: node=" + m.node() + ", type=" + m.type());
                reports.add(new NirNodeReport(m.node(), m.type(), m.n(), NeuronType.READOUT.name(), m.keepV(), 0,
                        m.keepU(), 0));
                return m.node();
            }
        }
        for (String source : drive.weights().keySet()) {
            NeuronMapping m = neurons.get(source);
            if (m != null && !m.spiking()) {
                throw new LoihiException(CompilerErrors.NIR_UNSUPPORTED_NODE, "a non-spiking node can only feed an Output"
                        + " directly: node=" + source + ", type=" + m.type() + ", output=" + node.name());
            }
        }
        double[] gain = new double[drive.size()];
        java.util.Arrays.fill(gain, 1);
        ensembles.add(new Ensemble(node.name(), drive.size(), NeuronType.READOUT, 0.0, 0.0, drive.bias()));
        connections.addAll(connections(node.name(), drive, gain, 0));
        reports.add(new NirNodeReport(node.name(), "Output", drive.size(), NeuronType.READOUT.name(), 0, 0, 0, 0));
        return node.name();
    }

    private static double[] bias(NeuronMapping m, Drive drive) {
        double[] b = drive.bias();
        double[] out = new double[m.n()];
        for (int j = 0; j < out.length; j++) {
            out[j] = m.constant()[j] + m.gain()[j] * b[j];
        }
        return out;
    }

    private List<Connection> connections(String post, Drive drive, double[] gain, double synapseTau) {
        List<Connection> out = new ArrayList<>();
        for (String source : drive.weights().keySet()) {
            NeuronMapping m = neurons.get(source);
            if (m != null && !m.spiking()) {
                throw new LoihiException(CompilerErrors.NIR_UNSUPPORTED_NODE, "a non-spiking node can only feed an Output:"
                        + " node=" + source + ", type=" + m.type() + ", feeds=" + post);
            }
            double[][] w = drive.matrix(source);
            double[][] scaled = new double[w.length][gain.length];
            for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < gain.length; j++) {
                    scaled[i][j] = w[i][j] * gain[j];
                }
            }
            out.add(new Connection(source, post, scaled, synapseTau));
        }
        return out;
    }

    /** What reaches neuron node {@code name}, checked against its size. */
    private Drive drive(String name, int n) {
        Drive d = sum(name);
        if (d.size() != n) {
            throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "input size differs from the node's size: node=" + name
                    + ", input=" + d.size() + ", neurons=" + n);
        }
        return d;
    }

    /** The sum over a node's incoming edges. */
    private Drive sum(String name) {
        List<String> from = predecessors.getOrDefault(name, List.of());
        if (from.isEmpty()) {
            throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "node has no incoming edge: node=" + name + ", type="
                    + graph.nodes().get(name).type());
        }
        Drive total = null;
        for (String p : from) {
            Drive d = signal(p);
            if (total != null && d.size() != total.size()) {
                throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "edges into one node differ in size: node=" + name
                        + ", from=" + p + ", size=" + d.size() + ", other=" + total.size());
            }
            total = total == null ? d : total.plus(d);
        }
        return total;
    }

    /** What node {@code name} puts out, as a function of the spike sources. */
    private Drive signal(String name) {
        Drive known = signals.get(name);
        if (known != null) {
            return known;
        }
        NirNode node = graph.nodes().get(name);
        Drive out;
        if (node.type().equals("Input")) {
            out = Drive.source(name, inputSize(node));
        } else if (neurons.containsKey(name)) {
            out = Drive.source(name, neurons.get(name).n());
        } else if (node.type().equals("Output")) {
            throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "an Output node feeds another node: node=" + name);
        } else {
            if (!visiting.add(name)) {
                throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "a loop of weight nodes with no neuron in it: node="
                        + name);
            }
            out = weightNode(node, sum(name));
            visiting.remove(name);
        }
        signals.put(name, out);
        return out;
    }

    private Drive weightNode(NirNode node, Drive in) {
        return switch (node.type()) {
            case "Affine", "Linear" -> {
                double[][] w = weight(node, in.size());
                double[] bias = null;
                if (node.type().equals("Affine")) {
                    bias = vector(node, "bias", w.length);
                }
                yield in.affine(w, bias);
            }
            case "Scale" -> in.scale(vector(node, "scale", in.size()));
            case "Conv2d" -> {
                chain(node);
                SparseMap map = ConvolutionMaps.conv2d(node, inputShape(node, in.size()));
                shapes.put(node.name(), map.outShape());
                yield in.sparse(map, ConvolutionMaps.conv2dBias(node, map.outShape()));
            }
            case "SumPool2d" -> {
                chain(node);
                SparseMap map = ConvolutionMaps.sumPool2d(node, inputShape(node, in.size()));
                shapes.put(node.name(), map.outShape());
                yield in.sparse(map, null);
            }
            default -> in; // Flatten and former subgraph ports: C-order reshapes leave a dense vector as it is.
        };
    }

    /**
     * The (C, H, W) shape that reaches a convolution or pooling node: its own input_shape (H, W)
     * with the channels its size implies, or the shape of its one predecessor (a convolution,
     * pooling, Input or neuron node, whose parameters carry the shape).
     */
    private int[] inputShape(NirNode node, int size) {
        List<String> from = predecessors.getOrDefault(node.name(), List.of());
        int[] shape = from.size() == 1 ? shapeOf(from.get(0)) : null;
        NirArray hw = node.param("input_shape");
        if ((shape == null || shape.length < 2) && hw != null && hw.size() == 2) {
            int h = (int) hw.values()[0];
            int w = (int) hw.values()[1];
            if (h > 0 && w > 0 && size % (h * w) == 0) {
                shape = new int[] {size / (h * w), h, w};
            }
        }
        if (shape == null || Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != size) {
            throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "cannot tell the (C, H, W) shape of a convolution's"
                    + " input: node=" + node.name() + ", type=" + node.type() + ", inputSize=" + size + ", shape="
                    + (shape == null ? "unknown" : Arrays.toString(shape)));
        }
        return shape;
    }

    /** The shape a node puts out, where its parameters tell; null where they do not. */
    private int[] shapeOf(String name) {
        if (shapes.containsKey(name)) {
            return shapes.get(name);
        }
        NirNode node = graph.nodes().get(name);
        NirArray shaped = node.type().equals("Input")
                ? (node.param("shape") != null ? node.param("shape") : node.param("input_type/input"))
                : node.param("output_type/output") != null ? node.param("output_type/output")
                : NeuronMapping.isNeuron(node.type()) ? node.param("v_threshold") : null;
        if (shaped == null) {
            return null;
        }
        if (node.type().equals("Input") || node.param("output_type/output") != null) {
            return Arrays.stream(shaped.values()).mapToInt(v -> (int) v).toArray();
        }
        return shaped.shape();
    }

    private double[][] weight(NirNode node, int inSize) {
        NirArray a = node.param("weight");
        if (a == null || a.rank() != 2) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "weight must be a matrix [out, in]: node=" + node.name()
                    + ", type=" + node.type() + ", shape=" + (a == null ? "missing" : java.util.Arrays.toString(a.shape())));
        }
        if (a.shape()[1] != inSize) {
            throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "weight columns differ from the input size: node="
                    + node.name() + ", shape=" + java.util.Arrays.toString(a.shape()) + ", input=" + inSize);
        }
        double[][] w = new double[a.shape()[0]][];
        for (int o = 0; o < w.length; o++) {
            w[o] = a.row(o);
            finite(node, "weight", w[o]);
        }
        return w;
    }

    private static double[] vector(NirNode node, String key, int n) {
        NirArray a = node.param(key);
        if (a == null || a.size() != n) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "parameter has the wrong size: node=" + node.name()
                    + ", type=" + node.type() + ", key=" + key + ", size=" + (a == null ? "missing" : a.size())
                    + ", expected=" + n);
        }
        finite(node, key, a.values());
        return a.values();
    }

    private static void finite(NirNode node, String key, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new LoihiException(CompilerErrors.NIR_BAD_VALUE, "parameter is not finite: node=" + node.name()
                        + ", key=" + key + ", index=" + i + ", value=" + values[i]);
            }
        }
    }

    private static int inputSize(NirNode node) {
        NirArray shape = node.param("shape") != null ? node.param("shape") : node.param("input_type/input");
        if (shape == null || shape.size() == 0) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "Input node has no shape: node=" + node.name());
        }
        long n = 1;
        for (double d : shape.values()) {
            if (!(d >= 1) || d != Math.rint(d)) {
                throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "Input shape must be positive integers: node="
                        + node.name() + ", shape=" + java.util.Arrays.toString(shape.values()));
            }
            n *= (long) d;
            if (n > Integer.MAX_VALUE) {
                throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "Input too large: node=" + node.name());
            }
        }
        return (int) n;
    }

    private static void refuseUnsupported(NirNode node) {
        String type = node.type();
        if (type.equals("Input") || type.equals("Output") || WEIGHT_NODES.contains(type)
                || NeuronMapping.isNeuron(type)) {
            return;
        }
        if (CONVOLUTION.contains(type)) {
            throw new LoihiException(CompilerErrors.NIR_UNSUPPORTED_NODE, "only 2-D convolution and sum pooling are"
                    + " supported: node=" + node.name() + ", type=" + type + ", supported=Conv2d,SumPool2d");
        }
        if (type.equals("Delay")) {
            throw new LoihiException(CompilerErrors.NIR_UNSUPPORTED_NODE, "Delay nodes are not supported (the compiler does"
                    + " not use the chip's synaptic delays yet): node=" + node.name() + ", type=" + type);
        }
        throw new LoihiException(CompilerErrors.NIR_UNSUPPORTED_NODE, "unknown NIR node type: node=" + node.name() + ", type="
                + type + ", known=Input,Output,Affine,Linear,Scale,Flatten,Conv2d,SumPool2d,NIRGraph,LIF,CubaLIF,IF,Threshold,LI,CubaLI,I");
    }
}
