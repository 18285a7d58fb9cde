package dev.loihi.compiler.nir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NIR graph: nodes by name, in the order the file lists them, and the edges between them.
 * {@code version} is the file's {@code /version} for a top-level graph, null for a nested one;
 * {@code metadata} the graph's own metadata group.
 */
public record NirGraph(String version, Map<String, NirNode> nodes, List<NirEdge> edges, NirMetadata metadata) {
    public NirGraph {
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        edges = List.copyOf(edges);
        metadata = metadata == null ? NirMetadata.EMPTY : metadata;
    }

    public NirGraph(String version, Map<String, NirNode> nodes, List<NirEdge> edges) {
        this(version, nodes, edges, NirMetadata.EMPTY);
    }
}
