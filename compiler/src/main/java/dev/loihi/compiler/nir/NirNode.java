package dev.loihi.compiler.nir;

import java.util.Map;

/**
 * One node of a NIR graph as stored: its type name (e.g. {@code CubaLIF}), its numeric
 * parameters by name, for a {@code NIRGraph} node the nested graph (null otherwise), and its
 * {@code metadata} group.
 */
public record NirNode(String name, String type, Map<String, NirArray> params, NirGraph subgraph,
                      NirMetadata metadata) {
    public NirNode {
        params = Map.copyOf(params);
        metadata = metadata == null ? NirMetadata.EMPTY : metadata;
    }

    public NirNode(String name, String type, Map<String, NirArray> params, NirGraph subgraph) {
        this(name, type, params, subgraph, NirMetadata.EMPTY);
    }

    public NirArray param(String key) {
        return params.get(key);
    }
}
