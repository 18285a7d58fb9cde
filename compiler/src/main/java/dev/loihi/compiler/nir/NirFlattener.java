package dev.loihi.compiler.nir;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lifts nested NIRGraph nodes into one flat graph. A nested node {@code n} of subgraph {@code g}
 * becomes {@code g.n}; the subgraph's own Input and Output nodes become {@link #IDENTITY}
 * pass-throughs, and an edge that names {@code g} itself goes to its one Input (as target) or
 * comes from its one Output (as source). Only the top graph's Input and Output nodes stay
 * Input and Output.
 */
final class NirFlattener {
    /** Internal type of a former subgraph Input or Output: passes its input on unchanged. */
    static final String IDENTITY = "Identity";

    private final Map<String, NirNode> nodes = new LinkedHashMap<>();
    private final List<NirEdge> edges = new ArrayList<>();

    private NirFlattener() {}

    static NirGraph flatten(NirGraph graph) {
        NirFlattener flattener = new NirFlattener();
        flattener.add(graph, "", true);
        return new NirGraph(graph.version(), flattener.nodes, flattener.edges, graph.metadata());
    }

    private void add(NirGraph graph, String prefix, boolean top) {
        for (NirNode node : graph.nodes().values()) {
            String name = prefix + node.name();
            if (node.subgraph() != null) {
                add(node.subgraph(), name + ".", false);
                continue;
            }
            boolean port = node.type().equals("Input") || node.type().equals("Output");
            NirNode flat = new NirNode(name, !top && port ? IDENTITY : node.type(), node.params(), null,
                    node.metadata());
            if (nodes.put(name, flat) != null) {
                throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "node name used twice after flattening subgraphs: node="
                        + name);
            }
        }
        for (NirEdge edge : graph.edges()) {
            edges.add(new NirEdge(endpoint(graph, prefix, edge.source(), "Output"),
                    endpoint(graph, prefix, edge.target(), "Input")));
        }
    }

    /** The flat name an edge end refers to; a subgraph stands for its one port of kind {@code port}. */
    private static String endpoint(NirGraph graph, String prefix, String name, String port) {
        NirNode node = graph.nodes().get(name);
        if (node == null || node.subgraph() == null) {
            return prefix + name;
        }
        List<String> ports = new ArrayList<>();
        for (NirNode inner : node.subgraph().nodes().values()) {
            if (inner.type().equals(port)) {
                ports.add(inner.name());
            }
        }
        if (ports.size() != 1) {
            throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "an edge names a subgraph with " + ports.size() + " "
                    + port + " nodes, name one of them: subgraph=" + prefix + name + ", " + port.toLowerCase()
                    + "s=" + ports);
        }
        return endpoint(node.subgraph(), prefix + name + ".", ports.get(0), port);
    }
}
