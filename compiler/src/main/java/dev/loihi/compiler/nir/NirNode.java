package dev.loihi.compiler.nir;

import java.util.Map;

/**
 * One node of a NIR graph as stored: its type name (e.g. {@code CubaLIF}), its numeric
 * parameters by name, and for a {@code NIRGraph} node the nested graph (null otherwise).
 */
public record NirNode(String name, String type, Map<String, NirArray> params, NirGraph subgraph) {
    public NirNode {
        params = Map.copyOf(params);
    }

    public NirArray param(String key) {
        return params.get(key);
    }
}
