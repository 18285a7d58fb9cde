package dev.loihi.compiler.pack;

import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import java.util.List;

/**
 * Where each source neuron's spikes go, as compressed rows per source: blocks first (by block
 * index), then the network's inputs. Source neuron i of source s reaches input axon
 * {@code axon[s][t]} of image core {@code core[s][t]} for t in {@code start[s][i] .. start[s][i+1]-1},
 * in image core order, then axon order. Built as the inverse of the cores' input axons, so
 * every route lands on an axon that exists.
 */
final class RouteTable {
    final int[][] start;
    final int[][] core;
    final int[][] axon;

    private RouteTable(int[][] start, int[][] core, int[][] axon) {
        this.start = start;
        this.core = core;
        this.axon = axon;
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
        for (CoreAxons core : axonsById) {
            for (int x = 0; x < core.sourcePre().length; x++) {
                start[sourceOf[core.sourceConnection()[x]]][core.sourcePre()[x] + 1]++;
            }
        }
        int[][] cursor = new int[sources][];
        int[][] targetCore = new int[sources][];
        int[][] targetAxon = new int[sources][];
        for (int s = 0; s < sources; s++) {
            int[] st = start[s];
            for (int i = 1; i < st.length; i++) {
                st[i] += st[i - 1];
            }
            cursor[s] = st.clone();
            targetCore[s] = new int[st[st.length - 1]];
            targetAxon[s] = new int[st[st.length - 1]];
        }
        for (int position = 0; position < idsInImageOrder.length; position++) {
            CoreAxons core = axonsById[idsInImageOrder[position]];
            for (int x = 0; x < core.sourcePre().length; x++) {
                int s = sourceOf[core.sourceConnection()[x]];
                int t = cursor[s][core.sourcePre()[x]]++;
                targetCore[s][t] = position;
                targetAxon[s][t] = x;
            }
        }
        return new RouteTable(start, targetCore, targetAxon);
    }
}
