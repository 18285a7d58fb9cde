package dev.loihi.compiler.pack;

import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.discretize.PopulationSynapses;
import java.util.List;

/**
 * Where each source neuron's spikes go, as compressed rows per source: blocks first (by block
 * index), then the network's inputs. Source neuron i of source s reaches input axon
 * {@code axon[s][t]} of image core {@code core[s][t]} for t in {@code start[s][i] .. start[s][i+1]-1},
 * in image core order, then axon order, carrying atom {@code atom[s][t]} (0 to a discrete axon;
 * to a population axon, the pre neuron's atom: every neuron of the pre axon reaches it). Built
 * as the inverse of the cores' input axons, so every route lands on an axon that exists.
 */
final class RouteTable {
    final int[][] start;
    final int[][] core;
    final int[][] axon;
    final int[][] atom;

    private RouteTable(int[][] start, int[][] core, int[][] axon, int[][] atom) {
        this.start = start;
        this.core = core;
        this.axon = axon;
        this.atom = atom;
    }

    static int source(DiscreteNetwork network, DiscreteConnection c) {
        return c.fromInput() ? network.blocks().size() + c.preInput() : c.preBlock();
    }

    /** @param axonsById input axons per partition id; {@code idsInImageOrder} gives image order */
    static RouteTable build(DiscreteNetwork network, CoreAxons[] axonsById, int[] idsInImageOrder) {
        int blocks = network.blocks().size();
        int sources = blocks + network.inputs().size();
        int[][] start = new int[sources][];
        for (int s = 0; s < sources; s++) {
            int n = s < blocks ? network.blocks().get(s).n() : network.inputs().get(s - blocks).n();
            start[s] = new int[n + 1];
        }
        List<DiscreteConnection> connections = network.connections();
        int[] sourceOf = new int[connections.size()];
        for (int c = 0; c < sourceOf.length; c++) {
            sourceOf[c] = source(network, connections.get(c));
        }
        // per population connection, the pre neurons of each pre axon
        int[][][] sendersOf = new int[connections.size()][][];
        for (int c = 0; c < sendersOf.length; c++) {
            if (connections.get(c).isPopulation()) {
                sendersOf[c] = senders(connections.get(c).population());
            }
        }
        for (CoreAxons core : axonsById) {
            for (int x = 0; x < core.sourcePre().length; x++) {
                int c = core.sourceConnection()[x];
                if (core.sourceAxon()[x] < 0) {
                    start[sourceOf[c]][core.sourcePre()[x] + 1]++;
                } else {
                    for (int i : sendersOf[c][core.sourceAxon()[x]]) {
                        start[sourceOf[c]][i + 1]++;
                    }
                }
            }
        }
        int[][] cursor = new int[sources][];
        int[][] targetCore = new int[sources][];
        int[][] targetAxon = new int[sources][];
        int[][] targetAtom = new int[sources][];
        for (int s = 0; s < sources; s++) {
            int[] st = start[s];
            for (int i = 1; i < st.length; i++) {
                st[i] += st[i - 1];
            }
            cursor[s] = st.clone();
            targetCore[s] = new int[st[st.length - 1]];
            targetAxon[s] = new int[st[st.length - 1]];
            targetAtom[s] = new int[st[st.length - 1]];
        }
        for (int position = 0; position < idsInImageOrder.length; position++) {
            CoreAxons core = axonsById[idsInImageOrder[position]];
            for (int x = 0; x < core.sourcePre().length; x++) {
                int c = core.sourceConnection()[x];
                int s = sourceOf[c];
                if (core.sourceAxon()[x] < 0) {
                    int t = cursor[s][core.sourcePre()[x]]++;
                    targetCore[s][t] = position;
                    targetAxon[s][t] = x;
                    continue;
                }
                PopulationSynapses p = connections.get(c).population();
                for (int i : sendersOf[c][core.sourceAxon()[x]]) {
                    int t = cursor[s][i]++;
                    targetCore[s][t] = position;
                    targetAxon[s][t] = x;
                    targetAtom[s][t] = p.atomOf()[i];
                }
            }
        }
        return new RouteTable(start, targetCore, targetAxon, targetAtom);
    }

    /** Per pre axon, the pre neurons that send to it, ascending. */
    private static int[][] senders(PopulationSynapses p) {
        int[] count = new int[p.axons()];
        for (int a : p.axonOf()) {
            if (a >= 0) {
                count[a]++;
            }
        }
        int[][] senders = new int[p.axons()][];
        for (int a = 0; a < senders.length; a++) {
            senders[a] = new int[count[a]];
            count[a] = 0;
        }
        for (int i = 0; i < p.preNeurons(); i++) {
            int a = p.axonOf()[i];
            if (a >= 0) {
                senders[a][count[a]++] = i;
            }
        }
        return senders;
    }
}
