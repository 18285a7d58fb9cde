package dev.loihi.compiler.keras;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where each kernel row's non-zero weights lie: columns [from, to). A convolution's kernel is
 * held expanded to every output position, and an input unit reaches only the outputs whose
 * windows cover it, a band of a few output rows (on a 28 x 28 input with 32 3x3 filters, 2,496 of
 * 21,632 columns), so the float model multiplies only the band. Computed once per kernel array
 * and kept while the kernel lives.
 */
final class RowSpans {
    private static final Map<double[][], int[]> SPANS = Collections.synchronizedMap(new WeakHashMap<>());

    private RowSpans() {}

    /** Row i's span is [spans[2i], spans[2i + 1]); an all-zero row gets an empty span. */
    static int[] of(double[][] kernel) {
        return SPANS.computeIfAbsent(kernel, RowSpans::measure);
    }

    private static int[] measure(double[][] kernel) {
        int[] spans = new int[2 * kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            double[] row = kernel[i];
            int to = row.length;
            while (to > 0 && row[to - 1] == 0.0) {
                to--;
            }
            int from = 0;
            while (from < to && row[from] == 0.0) {
                from++;
            }
            spans[2 * i] = from;
            spans[2 * i + 1] = to;
        }
        return spans;
    }
}
