package dev.loihi.compiler.keras;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Standard-normal inputs kept so that the float model predicts every class equally often
 * (seeded: the same rows as the CLI tests' BalancedInputs for the same seed).
 */
public final class BalancedRows {
    /** Candidates drawn at most per kept row before giving up on a class the model never predicts. */
    private static final int MAX_DRAWS_PER_ROW = 2_000;

    private BalancedRows() {}

    public static double[][] of(AnnModel model, int count, long seed) {
        int classes = model.outputSize();
        int quota = (count + classes - 1) / classes;
        int[] kept = new int[classes];
        List<double[]> rows = new ArrayList<>();
        Random random = new Random(seed);
        long draws = 0;
        while (rows.size() < count) {
            if (++draws > (long) MAX_DRAWS_PER_ROW * count) {
                throw new IllegalStateException("some class is never predicted on standard-normal inputs: kept="
                        + java.util.Arrays.toString(kept));
            }
            double[] x = new double[model.inputSize()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
            }
            int c = argmax(FloatModel.predict(model, new double[][] {x})[0]);
            if (kept[c] < quota) {
                kept[c]++;
                rows.add(x);
            }
        }
        return rows.toArray(new double[0][]);
    }

    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
