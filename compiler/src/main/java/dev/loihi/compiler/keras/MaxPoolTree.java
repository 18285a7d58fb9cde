package dev.loihi.compiler.keras;

import dev.loihi.compiler.net.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

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
        return kernels(g, channel -> false);
    }

    /**
     * The tree with the channels for which {@code minimum} holds pooled to their smallest value
     * instead: for x >= 0, {@code min(x, y) = relu(x) - relu(x - y)}, the same two units a level
     * with the second one's sign turned (a LeakyReLU's negative half pools to its minimum).
     */
    static List<Weights> kernels(ConvGeometry g, IntPredicate minimum) {
        int c = g.inChannels();
        // a value is a signed sum of the previous level's units: (unit << 1) | 1 when subtracted
        List<List<long[]>> windows = new ArrayList<>();
        for (int j = 0; j < g.outUnits(); j++) {
            windows.add(new ArrayList<>());
        }
        g.forEachTap((out, in, cell) -> {
            for (int ch = 0; ch < c; ch++) {
                windows.get(out * c + ch).add(new long[] {(long) (in * c + ch) << 1});
            }
        });
        List<Weights> kernels = new ArrayList<>();
        int units = g.inUnits();
        while (windows.stream().anyMatch(w -> w.size() > 1)) {
            List<long[]> inputs = new ArrayList<>();
            for (int w = 0; w < windows.size(); w++) {
                boolean min = minimum.test(w % c);
                List<long[]> values = windows.get(w);
                List<long[]> next = new ArrayList<>();
                for (int i = 0; i < values.size(); i += 2) {
                    long x = inputs.size();
                    inputs.add(values.get(i));
                    if (i + 1 < values.size()) {
                        // max: relu(x) + relu(y - x); min: relu(x) - relu(x - y)
                        inputs.add(min ? difference(values.get(i), values.get(i + 1))
                                : difference(values.get(i + 1), values.get(i)));
                        next.add(new long[] {x << 1, (x + 1) << 1 | (min ? 1 : 0)});
                    } else {
                        next.add(new long[] {x << 1});
                    }
                }
                windows.set(w, next);
            }
            Entries k = new Entries();
            for (int u = 0; u < inputs.size(); u++) {
                for (long term : inputs.get(u)) {
                    k.add((int) (term >>> 1), u, (term & 1) == 1 ? -1.0 : 1.0);
                }
            }
            kernels.add(k.weights(units, inputs.size()));
            units = inputs.size();
        }
        Entries sum = new Entries();
        for (int w = 0; w < windows.size(); w++) {
            for (long term : windows.get(w).get(0)) {
                sum.add((int) (term >>> 1), w, (term & 1) == 1 ? -1.0 : 1.0);
            }
        }
        kernels.add(sum.weights(units, windows.size()));
        return kernels;
    }

    /** The signed sum a - b (a and b hold different units). */
    private static long[] difference(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        for (int i = 0; i < b.length; i++) {
            out[a.length + i] = b[i] ^ 1;
        }
        return out;
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
