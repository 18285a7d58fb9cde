package dev.loihi.compiler.calibrate;

import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.convert.CopyBudget;
import dev.loihi.compiler.keras.AnnModel;
import java.util.Comparator;
import java.util.List;

/**
 * The copy settings the search's second stage tries against the default (3 replicas, 4 input
 * copies): one step down on each axis and one step up on replicas. Measured one at a time on the
 * zoo, each moved agreement by about a point, in different directions on different models
 * (docs/CONVERSION.md, "Replicas and input copies on the zoo"), so none can be a default.
 * An axis the user set is not searched, and a model whose copies {@link CopyBudget} had to
 * lower gets no second stage: it is too big for more copies and its search is already cut.
 */
final class CopyCandidates {
    /** Fewer copies per unit, fewer axons per input sign, more copies per unit. */
    private static final List<Copies> ALTERNATIVES = List.of(new Copies(2, 4), new Copies(3, 2), new Copies(4, 4));

    private CopyCandidates() {}

    /** The alternatives to try for {@code fitted} (options with copies set), cheapest first. */
    static List<Copies> alternatives(AnnModel model, ConvertOptions fitted, boolean replicasFree,
                                     boolean inputCopiesFree) {
        int r = fitted.replicaCount();
        int c = fitted.inputCopyCount();
        if (r != ConvertOptions.DEFAULT_REPLICAS || c != ConvertOptions.DEFAULT_INPUT_COPIES) {
            return List.of();
        }
        return ALTERNATIVES.stream()
                .filter(a -> replicasFree || a.replicas() == r)
                .filter(a -> inputCopiesFree || a.inputCopies() == c)
                .filter(a -> CopyBudget.fits(model, a.replicas(), a.inputCopies()))
                .sorted(Comparator.comparingLong(a -> CopyBudget.matrixCells(model, a.replicas(), a.inputCopies())))
                .toList();
    }

    /** The alternatives' weights relative to {@code fitted}'s, summed: the presentations they cost at most. */
    static double cost(AnnModel model, ConvertOptions fitted, List<Copies> alternatives) {
        double base = CopyBudget.matrixCells(model, fitted.replicaCount(), fitted.inputCopyCount());
        return alternatives.stream()
                .mapToDouble(a -> CopyBudget.matrixCells(model, a.replicas(), a.inputCopies()) / base).sum();
    }
}
