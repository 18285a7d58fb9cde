package dev.loihi.compiler.calibrate;

import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Candidates run on the emulator in two rounds: every one on the first {@link
 * CalibrationSearch#FIRST_ROUND} of the inputs, the first (the default) and the {@link
 * CalibrationSearch#KEEP} - 1 best others on the rest. Candidates whose images are the same bytes
 * share one tally: they run once and take one place in round 2.
 */
final class Rounds {
    private Rounds() {}

    /**
     * @param count the candidates; {@code image.apply(c)} compiles candidate c (once each)
     * @return per candidate its tally (shared by candidates with equal images)
     */
    static Tally[] run(int count, IntFunction<Image> image, Predictor predictor, double[][] x,
                       double[][] reference, int[] subset) {
        int firstRound = CalibrationSearch.firstRound(subset.length);
        Image[] images = new Image[count];
        byte[][] bytes = new byte[count][];
        Tally[] tallies = new Tally[count];
        for (int c = 0; c < count; c++) {
            images[c] = image.apply(c);
            bytes[c] = ImageWriter.write(images[c]);
            for (int d = 0; d < c && tallies[c] == null; d++) {
                if (Arrays.equals(bytes[c], bytes[d])) {
                    tallies[c] = tallies[d];
                }
            }
            if (tallies[c] == null) {
                tallies[c] = new Tally(subset.length);
                tallies[c].add(predictor, images[c], x, reference, subset, 0, firstRound);
            }
        }
        Set<Tally> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.add(tallies[0]);
        tallies[0].add(predictor, images[0], x, reference, subset, firstRound, subset.length);
        for (int c : CalibrationSearch.ranking(tallies)) {
            if (kept.size() < CalibrationSearch.KEEP && kept.add(tallies[c])) {
                tallies[c].add(predictor, images[c], x, reference, subset, firstRound, subset.length);
            }
        }
        return tallies;
    }

    /**
     * Challengers against {@code incumbent}, whose tally holds every input of {@code subset}: each
     * on the first round, on the rest only where it scored there at least as well; the best that
     * beats it beyond noise ({@link Tally#beats}), the earlier on a tie (put the cheaper first), or
     * -1 when none does.
     *
     * @param image   {@code image.apply(c)} compiles challenger c (once each)
     * @param tallies filled with each challenger's tally
     */
    static int challenge(int count, IntFunction<Image> image, Tally incumbent, Tally[] tallies, Predictor predictor,
                         double[][] x, double[][] reference, int[] subset) {
        int firstRound = CalibrationSearch.firstRound(subset.length);
        int best = -1;
        for (int c = 0; c < count; c++) {
            Image challenger = image.apply(c);
            tallies[c] = new Tally(subset.length);
            tallies[c].add(predictor, challenger, x, reference, subset, 0, firstRound);
            if (tallies[c].score(firstRound) >= incumbent.score(firstRound)) {
                tallies[c].add(predictor, challenger, x, reference, subset, firstRound, subset.length);
                if (tallies[c].beats(incumbent) && (best < 0 || tallies[c].score() > tallies[best].score())) {
                    best = c;
                }
            }
        }
        return best;
    }
}
