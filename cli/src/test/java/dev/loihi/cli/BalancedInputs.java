package dev.loihi.cli;

import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.host.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Standard-normal inputs (a fair input for standardized jet features) selected so that the float
 * model predicts every class equally often: candidates are drawn with a fixed seed and each is
 * kept while its predicted class still has room. A model that predicts a few classes on most
 * inputs (the jet taggers) would otherwise make agreement easy; here the rare classes, whose
 * inputs lie near decision boundaries, weigh as much as the common ones.
 */
final class BalancedInputs {
    /** Candidates drawn at most per kept input before giving up on a class. */
    private static final int MAX_DRAWS_PER_INPUT = 2_000;

    private BalancedInputs() {}

    static double[][] of(AnnModel model, int count, long seed) {
        int classes = model.outputSize();
        int quota = (count + classes - 1) / classes;
        int[] kept = new int[classes];
        List<double[]> rows = new ArrayList<>();
        Random random = new Random(seed);
        long draws = 0;
        while (rows.size() < count) {
            if (++draws > (long) MAX_DRAWS_PER_INPUT * count) {
                throw new IllegalStateException("some class is never predicted on standard-normal inputs: kept="
                        + java.util.Arrays.toString(kept));
            }
            double[] x = new double[model.inputSize()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
            }
            int c = Evaluation.argmax(FloatModel.predict(model, new double[][] {x})[0]);
            if (kept[c] < quota) {
                kept[c]++;
                rows.add(x);
            }
        }
        return rows.toArray(new double[0][]);
    }
}
