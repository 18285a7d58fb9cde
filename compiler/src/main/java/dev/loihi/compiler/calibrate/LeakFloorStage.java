package dev.loihi.compiler.calibrate;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiled;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.report.ConversionReport.CandidateScore;
import dev.loihi.compiler.report.LeakFloors;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stage of the calibration search, after the copies: a floor under the integrator leak that
 * {@code LeakBalance} may pick, at the percentile and copies already chosen. The balance weighs
 * a leak's dead zone against the coarser weights and bias of the smaller scale a weaker leak
 * allows; on some conv models a stronger leak at a larger scale is worth far more than that
 * (c2d_bn_gap .78 -> .95 with a floor of 128/4096), on others far less (the conv jet tagger .955
 * -> .886), in no order that carries from one model to the next (docs/CONVERSION.md, "A leak
 * floor chosen on the emulator (session 13)"). So each floor runs on the emulator on the inputs
 * the choice ran, the first round first and the rest only where it scored there at least as well
 * as the choice, and replaces it only when it beats it beyond noise ({@link Tally#beats}).
 *
 * <p>A floor whose image is the same bytes as the choice's changes nothing and is not run. Where
 * no floor is taken, the image is the choice's, byte for byte.
 */
final class LeakFloorStage {
    /** Floors tried, 1/4096 per step, the cheaper (weaker) first: a tie goes to the weaker. */
    static final int[] FLOORS = {128, 256};

    private LeakFloorStage() {}

    /** The floor taken (0: none), the network compiled with it, and what every floor scored. */
    record Outcome(int taken, Compiled compiled, LeakFloors report) {}

    /**
     * @param network   {@code chosen} converted
     * @param chosen    the percentile and copies chosen so far
     * @param incumbent the choice's tally on {@code subset}, every input run
     * @param built     the choice, compiled with {@code compile}
     */
    static Outcome run(Network network, ConvertOptions chosen, CompileOptions compile, Predictor predictor,
                       double[][] x, double[][] reference, int[] subset, Tally incumbent, Compiled built) {
        byte[] incumbentBytes = ImageWriter.write(built.stamped(null).image());
        List<Integer> run = new ArrayList<>();
        List<Image> images = new ArrayList<>();
        List<Compiled> compiled = new ArrayList<>();
        for (int floor : FLOORS) {
            Compiled c = Compiler.build(network, compile.withLeakFloor(floor));
            Image floored = c.stamped(null).image();
            if (!Arrays.equals(ImageWriter.write(floored), incumbentBytes)) {
                run.add(floor);
                images.add(floored);
                compiled.add(c);
            }
        }
        Tally[] tallies = new Tally[run.size()];
        int best = Rounds.challenge(run.size(), images::get, incumbent, tallies, predictor, x, reference, subset);
        List<CandidateScore> scores = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            scores.add(CalibrationSearch.candidate(chosen.percentileInUse(), chosen, tallies[i], incumbent,
                    i == best));
        }
        int taken = best < 0 ? 0 : run.get(best);
        return new Outcome(taken, best < 0 ? built : compiled.get(best), new LeakFloors(taken, run, scores));
    }

    /** Whether the stage runs: a predictor to run it, and no floor set by the caller. */
    static boolean applies(Predictor predictor, CompileOptions compile) {
        return predictor != null && compile.leakFloor() == CompileOptions.DEFAULT_LEAK_FLOOR;
    }
}
