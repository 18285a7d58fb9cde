package dev.loihi.compiler.partition;

import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * Which connections enter each block, in network order. A core's input axons are laid out in
 * this order (connection, then pre neuron), by the partitioner and the packer alike.
 */
public final class Topology {
    private final int[][] incoming;

    private Topology(int[][] incoming) {
        this.incoming = incoming;
    }

    public static Topology of(DiscreteNetwork network) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int b = 0; b < network.blocks().size(); b++) {
            lists.add(new ArrayList<>());
        }
        List<DiscreteConnection> connections = network.connections();
        for (int c = 0; c < connections.size(); c++) {
            lists.get(connections.get(c).postBlock()).add(c);
        }
        int[][] incoming = new int[lists.size()][];
        for (int b = 0; b < incoming.length; b++) {
            incoming[b] = lists.get(b).stream().mapToInt(Integer::intValue).toArray();
        }
        return new Topology(incoming);
    }

    /** Indices into {@link DiscreteNetwork#connections()} of the connections into {@code block}. */
    public int[] incoming(int block) {
        return incoming[block];
    }
}
