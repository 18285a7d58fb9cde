package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import java.util.List;

/**
 * The network in chip integers, output of {@link Discretizer}: blocks in the order of the
 * float network's ensembles, connections in its order, one {@link LayerPrecision} per block.
 */
public record DiscreteNetwork(String name, List<Input> inputs, List<DiscreteBlock> blocks,
                              List<DiscreteConnection> connections, List<String> outputs, InputEncoding encoding,
                              List<LayerPrecision> precision) {
    public DiscreteNetwork {
        inputs = List.copyOf(inputs);
        blocks = List.copyOf(blocks);
        connections = List.copyOf(connections);
        outputs = List.copyOf(outputs);
        precision = List.copyOf(precision);
    }

    public int blockIndex(String name) {
        for (int b = 0; b < blocks.size(); b++) {
            if (blocks.get(b).name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no block named " + name);
    }
}
