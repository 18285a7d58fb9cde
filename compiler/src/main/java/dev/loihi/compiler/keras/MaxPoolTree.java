package dev.loihi.compiler.keras;

import dev.loihi.compiler.net.Weights;
import java.util.ArrayList;
import java.util.Arrays;
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
    static List<Weights> kernels(ConvGeometry g) {
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
        List<Weights> kernels = new ArrayList<>();
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
            Entries k = new Entries();
            for (int u = 0; u < plus.size(); u++) {
                for (int i : plus.get(u)) {
                    k.add(i, u, 1.0);
                }
                for (int i : minus.get(u)) {
                    k.add(i, u, -1.0);
                }
            }
            kernels.add(k.weights(units, plus.size()));
            units = plus.size();
        }
        Entries sum = new Entries();
        for (int w = 0; w < windows.size(); w++) {
            for (int i : windows.get(w).get(0)) {
                sum.add(i, w, 1.0);
            }
        }
        kernels.add(sum.weights(units, windows.size()));
        return kernels;
    }

    /**
     * A level's weights as they are made, by unit (column): each (row, column) once, +1 or -1
     * (a pair's two values are different units), sorted into rows at the end.
     */
    private static final class Entries {
        private long[] keys = new long[64];
        private int size;

        void add(int row, int column, double value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
            }
            // row and column in the high bits, the sign in the lowest
            keys[size++] = ((long) row << 32 | (long) column << 1) | (value < 0 ? 1 : 0);
        }

        Weights weights(int rows, int columns) {
            long[] sorted = Arrays.copyOf(keys, size);
            Arrays.sort(sorted);
            Weights.Builder b = new Weights.Builder(rows, columns);
            int row = 0;
            for (long key : sorted) {
                int r = (int) (key >>> 32);
                while (row < r) {
                    b.endRow();
                    row++;
                }
                b.add((int) ((key & 0xffffffffL) >>> 1), (key & 1) == 1 ? -1.0 : 1.0);
            }
            while (row < rows) {
                b.endRow();
                row++;
            }
            return b.build();
        }
    }
}
