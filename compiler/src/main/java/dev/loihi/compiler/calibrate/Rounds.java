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
}
