package dev.loihi.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded conv-shaped raw networks: a host input drives a feature map A (H x W x C_in, channels
 * last), which feeds B (the conv output, H' x W' x C_out) through a population synapse in the
 * nengo-loihi layout (axon = input position, atom = input channel, one list per distinct reach
 * pattern: interior positions share one, edges get their own). {@link #dense} gives the same
 * network with the kernel expanded into a dense matrix.
 */
final class ConvRawNetworks {
    private ConvRawNetworks() {}

    static RawNetwork population(long seed, int popType) {
        Random r = new Random(seed);
        boolean twoD = r.nextBoolean();
        int h = twoD ? 3 + r.nextInt(4) : 1;
        int w = 4 + r.nextInt(twoD ? 4 : 12);
        int cIn = 1 + r.nextInt(4);
        int cOut = 1 + r.nextInt(6);
        int k = 1 + r.nextInt(3);
        int kh = twoD ? k : 1;
        boolean same = r.nextBoolean();
        int padY = same ? (kh - 1) / 2 : 0;
        int padX = same ? (k - 1) / 2 : 0;
        int outH = same ? h : h - kh + 1;
        int outW = same ? w : w - k + 1;
        int steps = 30 + r.nextInt(40);
        int nA = h * w * cIn;
        int nB = outH * outW * cOut;
        int[][][][] kernel = new int[kh][k][cIn][cOut];
        for (int[][][] a : kernel) {
            for (int[][] b : a) {
                for (int[] c : b) {
                    for (int f = 0; f < cOut; f++) {
                        c[f] = r.nextInt(5) == 0 ? 0 : -256 + r.nextInt(512);
                    }
                }
            }
        }
        // per input position, per channel: (post compartment, weight) of every output it reaches
        List<int[]> axonOf = new ArrayList<>();
        Map<String, Integer> listIds = new LinkedHashMap<>();
        List<RawPopulation.WeightList> lists = new ArrayList<>();
        int positions = h * w;
        int[] base = new int[positions + 1];
        int[] list = new int[positions + 1];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                List<int[]>[] rows = rowsOf(kernel, y, x, padY, padX, outH, outW, cIn, cOut);
                int first = Integer.MAX_VALUE;
                for (List<int[]> row : rows) {
                    for (int[] e : row) {
                        first = Math.min(first, e[0]);
                    }
                }
                int p = y * w + x;
                if (first == Integer.MAX_VALUE) {
                    base[p] = -1;
                    first = 0;
                } else {
                    base[p] = chipBase(first, popType);
                }
                int[][] wts = new int[cIn][];
                int[][] idx = new int[cIn][];
                for (int c = 0; c < cIn; c++) {
                    wts[c] = rows[c].stream().mapToInt(e -> e[1]).toArray();
                    idx[c] = rows[c].stream().mapToInt(e -> e[0] - Math.max(base[p], 0)).toArray();
                }
                String key = Arrays.deepToString(wts) + Arrays.deepToString(idx);
                Integer id = listIds.get(key);
                if (id == null) {
                    id = lists.size();
                    listIds.put(key, id);
                    lists.add(new RawPopulation.WeightList(wts, idx));
                }
                list[p] = id;
            }
        }
        // one more axon nothing uses (base -1), and a few compartments that send nowhere
        base[positions] = -1;
        list[positions] = 0;
        int[] axon = new int[nA];
        int[] atom = new int[nA];
        for (int i = 0; i < nA; i++) {
            axon[i] = r.nextInt(12) == 0 ? -1 : i / cIn;
            atom[i] = i % cIn;
        }
        RawBlock a = RandomRawNetworks.block(r, "A", false, nA, null);
        RawBlock b = RandomRawNetworks.block(r, "B", false, nB, null);
        RawInput in = randomInput(r, nA, steps);
        List<RawSynapse> synapses = new ArrayList<>();
        synapses.add(new RawSynapse("in", "A", identity(nA, 100 + r.nextInt(150)), 2 + r.nextInt(4)));
        synapses.add(new RawSynapse("A", "B", null, -2 + r.nextInt(6),
                new RawPopulation(popType, axon, atom, base, list, lists)));
        if (r.nextBoolean()) {
            synapses.add(new RawSynapse("B", "B", RandomRawNetworks.weights(r, nB, nB, false), -3 + r.nextInt(4)));
        }
        return new RawNetwork(steps, List.of(a, b), List.of(in), synapses);
    }

    /** The same network with every population synapse expanded into its dense matrix. */
    static RawNetwork dense(RawNetwork raw) {
        List<RawSynapse> synapses = new ArrayList<>();
        for (RawSynapse s : raw.synapses()) {
            if (!s.isPopulation()) {
                synapses.add(s);
                continue;
            }
            RawPopulation p = s.population();
            int nPost = raw.blocks().get(raw.blockIndex(s.post())).n();
            int[][] weights = new int[p.axon().length][nPost];
            for (int i = 0; i < p.axon().length; i++) {
                if (p.sends(i)) {
                    int a = p.axon()[i];
                    RawPopulation.WeightList l = p.lists().get(p.list()[a]);
                    for (int j = 0; j < l.weights()[p.atom()[i]].length; j++) {
                        weights[i][p.base()[a] + l.indices()[p.atom()[i]][j]] = l.weights()[p.atom()[i]][j];
                    }
                }
            }
            synapses.add(new RawSynapse(s.pre(), s.post(), weights, s.weightExp()));
        }
        return new RawNetwork(raw.steps(), raw.blocks(), raw.inputs(), synapses);
    }

    /** The chip's base for a first reached compartment: at most 255, a multiple of 4 for pop16. */
    private static int chipBase(int first, int popType) {
        int b = Math.min(first, 255);
        return popType == 16 ? b - b % 4 : b;
    }

    @SuppressWarnings("unchecked")
    private static List<int[]>[] rowsOf(int[][][][] kernel, int y, int x, int padY, int padX, int outH, int outW,
                                        int cIn, int cOut) {
        List<int[]>[] rows = new List[cIn];
        for (int c = 0; c < cIn; c++) {
            rows[c] = new ArrayList<>();
        }
        for (int ky = 0; ky < kernel.length; ky++) {
            for (int kx = 0; kx < kernel[0].length; kx++) {
                int oy = y + padY - ky;
                int ox = x + padX - kx;
                if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) {
                    continue;
                }
                for (int c = 0; c < cIn; c++) {
                    for (int f = 0; f < cOut; f++) {
                        if (kernel[ky][kx][c][f] != 0) {
                            rows[c].add(new int[] {(oy * outW + ox) * cOut + f, kernel[ky][kx][c][f]});
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static int[][] identity(int n, int weight) {
        int[][] w = new int[n][n];
        for (int i = 0; i < n; i++) {
            w[i][i] = weight;
        }
        return w;
    }

    private static RawInput randomInput(Random r, int axons, int steps) {
        double rate = 0.1 + 0.4 * r.nextDouble();
        int[][] times = new int[axons][];
        for (int a = 0; a < axons; a++) {
            List<Integer> t = new ArrayList<>();
            for (int step = 1; step <= steps; step++) {
                if (r.nextDouble() < rate) {
                    t.add(step);
                }
            }
            times[a] = t.stream().mapToInt(Integer::intValue).toArray();
        }
        return new RawInput("in", axons, times);
    }
}
