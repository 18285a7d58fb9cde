package dev.loihi.compiler.keras;

import java.util.ArrayList;
import java.util.List;

/**
 * Max pooling as ReLU layers. A spike rate cannot take the larger of two rates, but for values
 * that are already non-negative (the output of a ReLU) {@code max(x, y) = relu(x) + relu(y - x)}
 * holds exactly. Each level pairs the values of every window: a pair (x, y) becomes the two
 * units relu(x) and relu(y - x), an odd value x the unit relu(x), and the next level reads
 * each pair's max as the sum of its two units. A window of n cells takes ceil(log2 n) levels;
 * a last linear layer sums the final units into one value per window (the next layer absorbs
 * it). A 2x2 pool therefore costs two extra spiking layers of 4 and 2 units per window.
 */
final class MaxPoolTree {
    private MaxPoolTree() {}

    /**
     * @return the kernels, [previous units][units]: one per ReLU level, then the linear sum
     *     onto the pooled units
     */
    static List<double[][]> kernels(ConvGeometry g) {
        int c = g.inChannels();
        List<List<int[]>> windows = new ArrayList<>();
        for (int j = 0; j < g.outUnits(); j++) {
            windows.add(new ArrayList<>());
        }
        g.forEachTap((out, in, cell) -> {
            for (int ch = 0; ch < c; ch++) {
                windows.get(out * c + ch).add(new int[] {in * c + ch});
            }
        });
        List<double[][]> kernels = new ArrayList<>();
        int units = g.inUnits();
        while (windows.stream().anyMatch(w -> w.size() > 1)) {
            List<int[]> plus = new ArrayList<>();
            List<int[]> minus = new ArrayList<>();
            for (int w = 0; w < windows.size(); w++) {
                List<int[]> values = windows.get(w);
                List<int[]> next = new ArrayList<>();
                for (int i = 0; i < values.size(); i += 2) {
                    int x = plus.size();
                    plus.add(values.get(i));
                    minus.add(new int[0]);
                    if (i + 1 < values.size()) {
                        plus.add(values.get(i + 1));
                        minus.add(values.get(i));
                        next.add(new int[] {x, x + 1});
                    } else {
                        next.add(new int[] {x});
                    }
                }
                windows.set(w, next);
            }
            double[][] k = new double[units][plus.size()];
            for (int u = 0; u < plus.size(); u++) {
                for (int i : plus.get(u)) {
                    k[i][u] += 1.0;
                }
                for (int i : minus.get(u)) {
                    k[i][u] -= 1.0;
                }
            }
            kernels.add(k);
            units = plus.size();
        }
        double[][] sum = new double[units][windows.size()];
        for (int w = 0; w < windows.size(); w++) {
            for (int i : windows.get(w).get(0)) {
                sum[i][w] = 1.0;
            }
        }
        kernels.add(sum);
        return kernels;
    }
}
