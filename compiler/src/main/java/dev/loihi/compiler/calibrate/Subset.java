package dev.loihi.compiler.calibrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Which calibration inputs the search runs: classes taken in turn (by the float model's
 * prediction), each in input order, so that a rare class is scored as often as a common one
 * while it lasts, and in that order, so that every prefix is balanced as well. Disagreements sit near the boundaries between classes, and a sample drawn in
 * proportion would hold few inputs of the classes the float model seldom predicts.
 */
final class Subset {
    private Subset() {}

    /** The rows {@code subset[from..to)} of {@code m}, shared, not copied. */
    static double[][] rows(double[][] m, int[] subset, int from, int to) {
        double[][] out = new double[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = m[subset[i]];
        }
        return out;
    }

    static int[] stratified(int[] classes, int count) {
        int k = 0;
        for (int c : classes) {
            k = Math.max(k, c + 1);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < classes.length; i++) {
            byClass.get(classes[i]).add(i);
        }
        int n = Math.min(count, classes.length);
        int[] out = new int[n];
        int taken = 0;
        for (int round = 0; taken < n; round++) {
            for (int c = 0; c < k && taken < n; c++) {
                if (round < byClass.get(c).size()) {
                    out[taken++] = byClass.get(c).get(round);
                }
            }
        }
        return out;
    }
}
