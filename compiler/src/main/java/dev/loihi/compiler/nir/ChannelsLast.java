package dev.loihi.compiler.nir;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Population axons for NIR's convolutions. NIR orders a layer's neurons channels-first
 * (C, H, W), but a population spike carries one input position's channels as atoms of one
 * axon, so they must be adjacent on the chip: a neuron node that feeds a Conv2d / SumPool2d chain
 * is laid out (H, W, C) instead, neuron (c, h, w) at (h W + w) C + c, and that connection is
 * marked with C shared atoms (the compiler's SharedWeights then gives each position one axon
 * and the positions one weight list per edge pattern). The permutation is applied to the
 * node's bias, to the columns of what reaches it and the rows of what it sends, so the network
 * is the same one with its neurons renumbered. Output nodes keep NIR's order (not permuted).
 */
final class ChannelsLast {
    private ChannelsLast() {}

    /**
     * @param shapes      per source to lay out, its (C, H, W)
     * @param shared      "source -> post" of the connections to mark
     */
    static void apply(List<Ensemble> ensembles, List<Connection> connections, Map<String, int[]> shapes,
                      Set<String> shared) {
        for (Map.Entry<String, int[]> s : shapes.entrySet()) {
            int[] order = order(s.getValue());
            String name = s.getKey();
            for (int e = 0; e < ensembles.size(); e++) {
                Ensemble x = ensembles.get(e);
                if (x.name().equals(name)) {
                    ensembles.set(e, new Ensemble(x.name(), x.n(), x.type(), x.tauRc(), x.tauRef(), permute(x.bias(), order),
                            x.start() == null ? null : permute(x.start(), order)));
                }
            }
            for (int k = 0; k < connections.size(); k++) {
                Connection c = connections.get(k);
                double[][] w = c.weights();
                if (c.post().equals(name)) {
                    double[][] cols = new double[w.length][];
                    for (int i = 0; i < w.length; i++) {
                        cols[i] = permute(w[i], order);
                    }
                    w = cols;
                }
                if (c.pre().equals(name)) {
                    double[][] rows = new double[w.length][];
                    for (int i = 0; i < w.length; i++) {
                        rows[i] = w[order[i]];
                    }
                    w = rows;
                }
                int atoms = c.pre().equals(name) && shared.contains(c.pre() + " -> " + c.post()) ? s.getValue()[0]
                        : c.sharedAtoms();
                if (w != c.weights() || atoms != c.sharedAtoms()) {
                    connections.set(k, new Connection(c.pre(), c.post(), w, c.synapseTau(), c.quantized(), atoms));
                }
            }
        }
    }

    /** order[new] = old: the (C, H, W) index of the neuron at (H, W, C) position new. */
    static int[] order(int[] chw) {
        int channels = chw[0];
        int positions = chw[1] * chw[2];
        int[] order = new int[channels * positions];
        for (int p = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++) {
                order[p * channels + c] = c * positions + p;
            }
        }
        return order;
    }

    private static double[] permute(double[] values, int[] order) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }
}
