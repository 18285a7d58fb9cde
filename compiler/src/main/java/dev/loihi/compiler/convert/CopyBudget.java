package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.net.NeuronType;

/**
 * Fewer copies for a model too large for the default ones. The rule was made when the
 * conversion held every connection as a dense float matrix, copies included (with three copies
 * per unit and four axons per input sign, the first 3x3 layer of a 32-filter CNN on 28 x 28
 * inputs would have been a 6,272 x 64,896 matrix, 3.3 GB of doubles); connections now hold only
 * their entries ({@link dev.loihi.compiler.net.Weights}), but the rule stays as it was, since the
 * copies it gives are what the models that compiled before are compiled with, and copies multiply
 * compartments and cores too. When replicas and input copies are left to the converter, the
 * first pair in {@link #STEPS} whose largest matrix holds at most {@link #MAX_MATRIX_ENTRIES}
 * weights is used; a value set by the user is kept as it is.
 */
public final class CopyBudget {
    /** 2^26 weights (512 MB as dense doubles, the memory bound this was first set for). */
    public static final long MAX_MATRIX_ENTRIES = 1L << 26;
    /** (replicas, input copies) in order of preference: the defaults, then input copies go first (cheapest loss). */
    private static final int[][] STEPS = {{3, 4}, {3, 2}, {2, 2}, {2, 1}, {1, 1}};

    private CopyBudget() {}

    /** {@code options} with replicas and input copies set: as given, or the first pair that fits. */
    public static ConvertOptions fit(AnnModel model, ConvertOptions options) {
        return fit(model, options, MAX_MATRIX_ENTRIES);
    }

    static ConvertOptions fit(AnnModel model, ConvertOptions options, long maxEntries) {
        boolean replicasFree = options.replicas() == 0 && options.hiddenType() == NeuronType.SUBTRACTIVE_RELU;
        boolean inputFree = options.inputCopies() == 0;
        int replicas = options.replicaCount();
        int inputCopies = options.inputCopyCount();
        if (replicasFree || inputFree) {
            for (int[] step : STEPS) {
                int r = replicasFree ? step[0] : replicas;
                int c = inputFree ? step[1] : inputCopies;
                if (largestMatrix(model, r, c) <= maxEntries || step == STEPS[STEPS.length - 1]) {
                    replicas = r;
                    inputCopies = c;
                    break;
                }
            }
        }
        return options.withReplicas(replicas).withInputCopies(inputCopies);
    }

    /**
     * Weights of all the conversion's connections with these copies: the work of one emulated step
     * grows with them, so the calibration search weighs its copy candidates by them.
     */
    public static long weights(AnnModel model, int replicas, int inputCopies) {
        return java.util.Arrays.stream(matrixSizes(LinearMerge.merge(model), replicas, inputCopies)).sum();
    }

    /** Whether the conversion's largest connection with these copies is within {@link #MAX_MATRIX_ENTRIES}. */
    public static boolean fits(AnnModel model, int replicas, int inputCopies) {
        return largestMatrix(LinearMerge.merge(model), replicas, inputCopies) <= MAX_MATRIX_ENTRIES;
    }

    /** Weights in the conversion's largest connection with these copies ({@link AnnToSnn}'s shapes). */
    static long largestMatrix(AnnModel model, int replicas, int inputCopies) {
        return java.util.Arrays.stream(matrixSizes(model, replicas, inputCopies)).max().orElse(0);
    }

    /** Weights of each of the conversion's connections, input first, readout last. */
    private static long[] matrixSizes(AnnModel model, int replicas, int inputCopies) {
        long[] sizes = new long[model.layers().size()];
        long rows = 2L * model.inputSize() * inputCopies;
        for (int l = 0; l < sizes.length; l++) {
            DenseLayer layer = model.layers().get(l);
            boolean readout = l == sizes.length - 1;
            long columns = (long) layer.units() * (readout ? 1 : replicas);
            sizes[l] = rows * columns;
            rows = columns;
        }
        return sizes;
    }
}
