package dev.loihi.compiler.nir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order the importer takes a graph's nodes in, from its edges rather than from the file:
 * HDF5 readers list a group's members by name or by hash, so an order read from the file would
 * make the image depend on how the file was written. Input nodes by name; neuron nodes
 * breadth-first from the inputs over the neuron-level graph (through weight nodes), the nodes
 * one step reaches by name; Output nodes by the latest neuron they read, those reading a neuron
 * as it is first, then by name. A graph exported from an image (export-nir) has the image's
 * neuron-level graph, so it comes back in the same order.
 */
final class GraphOrder {
    private final NirGraph graph;
    private final Map<String, List<String>> successors = new HashMap<>();
    private final Map<String, List<String>> predecessors = new HashMap<>();

    private GraphOrder(NirGraph graph) {
        this.graph = graph;
        for (NirEdge e : graph.edges()) {
            successors.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e.target());
            predecessors.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(e.source());
        }
    }

    /** The graph's nodes: inputs, then neuron nodes, then outputs, then everything else by name. */
    static List<NirNode> of(NirGraph graph) {
        return new GraphOrder(graph).order();
    }

    private List<NirNode> order() {
        List<String> inputs = graph.nodes().values().stream().filter(n -> n.type().equals("Input")).map(NirNode::name)
                .sorted().toList();
        Map<String, Integer> rank = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(inputs);
        inputs.forEach(i -> rank.put(i, -1));
        List<String> neurons = new ArrayList<>();
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : reached(at)) {
                if (!rank.containsKey(next)) {
                    rank.put(next, neurons.size());
                    neurons.add(next);
                    queue.add(next);
                }
            }
        }
        graph.nodes().values().stream().filter(n -> NeuronMapping.isNeuron(n.type()) && !rank.containsKey(n.name()))
                .map(NirNode::name).sorted().forEach(n -> {
                    rank.put(n, neurons.size());
                    neurons.add(n);
                });
        Comparator<String> outputOrder = Comparator.<String>comparingInt(o -> latestSource(o, rank))
                .thenComparingInt(o -> readsNeuronAsIs(o) ? 0 : 1).thenComparing(o -> o);
        List<String> outputs = graph.nodes().values().stream().filter(n -> n.type().equals("Output")).map(NirNode::name)
                .sorted(outputOrder).toList();
        Set<String> order = new LinkedHashSet<>(inputs);
        order.addAll(neurons);
        order.addAll(outputs);
        graph.nodes().keySet().stream().sorted().forEach(order::add);
        return order.stream().map(graph.nodes()::get).toList();
    }

    /** The neuron and Output nodes {@code from}'s output reaches through weight nodes only, by name. */
    private List<String> reached(String from) {
        Set<String> found = new java.util.TreeSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> stack = new ArrayDeque<>(successors.getOrDefault(from, List.of()));
        while (!stack.isEmpty()) {
            String at = stack.pop();
            NirNode node = graph.nodes().get(at);
            if (node == null || !seen.add(at)) {
                continue;
            }
            if (NeuronMapping.isNeuron(node.type())) {
                found.add(at);
            } else if (!node.type().equals("Output") && !node.type().equals("Input")) {
                stack.addAll(successors.getOrDefault(at, List.of()));
            }
        }
        return new ArrayList<>(found);
    }

    /** The largest rank among the neurons and inputs whose output reaches Output {@code name}. */
    private int latestSource(String name, Map<String, Integer> rank) {
        int latest = -1;
        Set<String> seen = new HashSet<>();
        Deque<String> stack = new ArrayDeque<>(predecessors.getOrDefault(name, List.of()));
        while (!stack.isEmpty()) {
            String at = stack.pop();
            if (!seen.add(at) || !graph.nodes().containsKey(at)) {
                continue;
            }
            if (rank.containsKey(at)) {
                latest = Math.max(latest, rank.get(at));
            } else {
                stack.addAll(predecessors.getOrDefault(at, List.of()));
            }
        }
        return latest;
    }

    private boolean readsNeuronAsIs(String output) {
        List<String> from = predecessors.getOrDefault(output, List.of());
        return from.size() == 1 && graph.nodes().containsKey(from.get(0))
                && NeuronMapping.isNeuron(graph.nodes().get(from.get(0)).type());
    }
}
