package dev.loihi.compiler.calibrate;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.Compiled;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.convert.CopyBudget;
import dev.loihi.compiler.keras.AnnModel;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The copies a search starts from, checked against the chip. {@link CopyBudget}'s neuron bound
 * is a proxy (cores fill by synapse memory and axons too), so copies past the bound under which
 * every model measured fitted are compiled before they are used, and the next pair down the
 * budget's ladder ({@link CopyBudget#fewer}) is taken while the image does not fit the chip
 * (PLACE_TOO_BIG, or PARTITION_LIMIT: a neuron whose copied inputs no core holds).
 *
 * @param probe the first candidate compiled with the copies taken, or null when they were sure
 *              to fit and nothing was compiled
 */
record ChipFit(ConvertOptions options, Compiled probe) {

    /**
     * @param asked  the options as given (0: copies left to the converter)
     * @param fitted {@code asked} with the budget's copies
     * @param sure   whether copies fit without being compiled first
     * @param build  the first candidate with some copies, compiled
     */
    static ChipFit of(AnnModel model, ConvertOptions asked, ConvertOptions fitted, Predicate<ConvertOptions> sure,
                      Function<ConvertOptions, Compiled> build) {
        ConvertOptions options = fitted;
        while (!sure.test(options)) {
            ConvertOptions fewer = CopyBudget.fewer(model, asked, options);
            if (fewer == null) {
                // nothing smaller to take: the search's own compile says whether these fit
                break;
            }
            try {
                return new ChipFit(options, build.apply(options));
            } catch (LoihiException e) {
                if (!CompilerErrors.PLACE_TOO_BIG.equals(e.code()) && !CompilerErrors.PARTITION_LIMIT.equals(e.code())) {
                    throw e;
                }
                options = fewer;
            }
        }
        return new ChipFit(options, null);
    }
}
