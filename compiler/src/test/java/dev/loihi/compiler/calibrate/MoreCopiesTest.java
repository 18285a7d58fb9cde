package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.discretize.Headroom;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.HeadroomReport;
import dev.loihi.compiler.report.MoreCopiesReport;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoreCopiesTest {
    private static final CompileOptions BOUNDED = CompileOptions.builder().maxSteps(200).build();

    /** A model chosen at the default copies, its trim shifts, and the choice sized by {@link HeadroomStage}. */
    private record Setup(AnnModel model, ConvertOptions chosen, Network network, double[][] reference,
                         Map<String, double[]> shifts) {
        static Setup of(long seed) {
            Random r = new Random(seed);
            AnnModel model = CalibrationSearchTest.deepModel(r);
            ConvertOptions chosen = AnnToSnn.fitted(model, ConvertOptions.defaults()
                    .withCalibration(CalibrationSearchTest.inputs(300, seed + 100)).withReplicas(3)).withPercentile(99.9);
            double[] shift = new double[12];
            Arrays.setAll(shift, u -> (u - 6) * 0.001);
            Map<String, double[]> shifts = Map.of("h1", shift);
            Network network = BiasTrim.shifted(AnnToSnn.convert(model, chosen), shifts);
            return new Setup(model, chosen, network, CalibrationSearch.floatReadout(model, chosen.calibrationInputs()),
                    shifts);
        }

        HeadroomStage.Outcome choice(Predictor chip) {
            return HeadroomStage.run(chosen, network, Compiler.build(network, BOUNDED), BOUNDED, chip, reference);
        }

        MoreCopies.Outcome run(Predictor chip) {
            return MoreCopies.run(model, chosen, shifts, BOUNDED, choice(chip), network, chip, reference);
        }
    }

    /** Copies per hidden unit of an image: h1's compartments over its 12 units. */
    private static int copies(Image image) {
        return image.cores().stream().filter(c -> c.layer().equals("h1")).mapToInt(CoreImage::compartments).sum() / 12;
    }

    /**
     * A chip whose u peaks are low everywhere (so both conversions are sized), reading out the
     * float model, but its negation (another class) on the last {@code wrong} share of each
     * call's inputs on an image of so many copies.
     */
    private static Predictor chip(Setup s, IntToDoubleFunction wrong) {
        return new Predictor() {
            @Override
            public double[][] readout(Image image, double[][] inputs, int steps) {
                double[][] z = CalibrationSearch.floatReadout(s.model(), inputs);
                int from = (int) Math.round(inputs.length * (1 - wrong.applyAsDouble(copies(image))));
                for (int i = from; i < inputs.length; i++) {
                    z[i] = Arrays.stream(z[i]).map(v -> -v).toArray();
                }
                return z;
            }

            @Override
            public Map<String, Double> currentPeaks(Image image, double[][] inputs, int steps) {
                return Map.of("h1", 0.01, "h2", 0.01);
            }
        };
    }

    /**
     * Five copies that agree better than the choice, or as well where it misses some, are taken: converted at the choice's
     * percentile and input copies, with the trim's shifts on every copy, sized on their own
     * peaks; the image is what that network compiles to with the sizing reported, and the report
     * counts five copies.
     */
    @ParameterizedTest
    @ValueSource(longs = {51, 52})
    void shouldTakeMoreCopiesUnlessTheChoiceAgreesBetter(long seed) {
        Setup s = Setup.of(seed);
        for (IntToDoubleFunction wrong : List.<IntToDoubleFunction>of(c -> c == MoreCopies.REPLICAS ? 0 : 0.5, c -> 0.5)) {
            MoreCopies.Outcome out = s.run(chip(s, wrong));
            assertTrue(out.report().taken());
            assertEquals(MoreCopies.REPLICAS, out.chosen().replicaCount());
            assertEquals(s.chosen().percentile(), out.chosen().percentile());
            assertEquals(s.chosen().inputCopyCount(), out.chosen().inputCopyCount());
            Ensemble h1 = out.network().ensembles().stream().filter(e -> e.name().equals("h1")).findFirst().orElseThrow();
            Ensemble converted = AnnToSnn.convert(s.model(), out.chosen()).ensembles().stream()
                    .filter(e -> e.name().equals("h1")).findFirst().orElseThrow();
            assertEquals(12 * MoreCopies.REPLICAS, h1.n());
            for (int n = 0; n < h1.n(); n++) {
                assertEquals(converted.bias()[n] + s.shifts().get("h1")[n / MoreCopies.REPLICAS], h1.bias()[n], 1e-12);
            }
            HeadroomReport sized = out.headroom();
            assertTrue(sized.taken(), "sized on its own peaks");
            Map<String, Headroom> room = new LinkedHashMap<>();
            sized.layers().forEach(l -> room.put(l.name(), new Headroom(l.decayU(), l.factor())));
            assertArrayEquals(ImageWriter.write(Compiler.build(out.network(), BOUNDED.withHeadroom(room)).stamped(null).image()),
                    ImageWriter.write(out.compiled().stamped(null).image()));
            ConversionReport base = CalibrationSearch.report(ConversionReport.SEARCH, s.chosen(), List.of(), 0, List.of(),
                    null);
            assertEquals(MoreCopies.REPLICAS, base.withMoreCopies(out.report()).replicas());
            assertTrue(out.report().after().chosen());
            assertEquals(out.report().judged(), out.report().after().inputs());
        }
    }

    /** Five copies the choice agrees better than, at some length beyond noise, leave the choice as it was. */
    @Test
    void shouldKeepTheChoiceWhereItAgreesBetter() {
        Setup s = Setup.of(53);
        Predictor chip = chip(s, c -> c == MoreCopies.REPLICAS ? 0.5 : 0.1);
        HeadroomStage.Outcome choice = s.choice(chip);
        MoreCopies.Outcome out = MoreCopies.run(s.model(), s.chosen(), s.shifts(), BOUNDED, choice, s.network(), chip,
                s.reference());
        MoreCopiesReport report = out.report();
        assertFalse(report.taken());
        assertSame(choice.compiled(), out.compiled());
        assertSame(choice.report(), out.headroom());
        assertSame(s.network(), out.network());
        assertSame(s.chosen(), out.chosen());
        ConversionReport base = CalibrationSearch.report(ConversionReport.SEARCH, s.chosen(), List.of(), 0, List.of(), null);
        ConversionReport tried = base.withMoreCopies(report);
        assertEquals(3, tried.replicas());
        // not taken: the image's metadata is what it was without the stage
        assertArrayEquals(ImageWriter.write(choice.compiled().stamped(base).image()),
                ImageWriter.write(choice.compiled().stamped(tried).image()));
        assertTrue(tried.toSummary().contains("copies 5 x 4, more copies last, kept unless"), tried.toSummary());
    }

    /** Where the choice agrees on every judged input at every length, more copies are not tried. */
    @Test
    void shouldNotTryWhereTheChoiceAgreesEverywhere() {
        Setup s = Setup.of(54);
        Predictor chip = chip(s, c -> 0);
        HeadroomStage.Outcome choice = s.choice(chip);
        MoreCopies.Outcome out = MoreCopies.run(s.model(), s.chosen(), s.shifts(), BOUNDED, choice, s.network(), chip,
                s.reference());
        assertFalse(out.report().taken());
        assertTrue(out.report().note().contains("agrees with the float model on all 100 judged inputs"),
                out.report().note());
        assertSame(choice.compiled(), out.compiled());
        assertSame(s.network(), out.network());
        ConversionReport tried = CalibrationSearch.report(ConversionReport.SEARCH, s.chosen(), List.of(), 0, List.of(),
                null).withMoreCopies(out.report());
        assertTrue(tried.toSummary().contains("5 copies not tried: the choice agrees"), tried.toSummary());
    }

    /**
     * Tried only where the converter chooses the copies, the choice has at least the default's
     * and fewer than the stage's, and the image is for presentations of at most so many steps,
     * not for the worst case.
     */
    @Test
    void shouldBeTriedFromTheDefaultCopiesUpForBoundedPresentations() {
        ConvertOptions three = ConvertOptions.defaults().withReplicas(3);
        assertTrue(MoreCopies.applies(three, true, BOUNDED));
        assertFalse(MoreCopies.applies(three, false, BOUNDED), "replicas set by the user");
        assertTrue(MoreCopies.applies(ConvertOptions.defaults().withReplicas(4), true, BOUNDED), "four chosen");
        assertFalse(MoreCopies.applies(ConvertOptions.defaults().withReplicas(2), true, BOUNDED),
                "fewer copies chosen or fitted");
        assertFalse(MoreCopies.applies(ConvertOptions.defaults().withReplicas(MoreCopies.REPLICAS), true, BOUNDED),
                "as many as the stage would try");
        assertFalse(MoreCopies.applies(three, true, CompileOptions.defaults()), "presentations of any length");
        assertFalse(MoreCopies.applies(three, true, CompileOptions.builder().maxSteps(200).worstCase(true).build()),
                "the worst case asked for");
    }

    /**
     * Better at some length beyond noise: more inputs agree at one score length than twice the
     * square root of those in dispute, and more than one; otherwise, and with no dispute, not.
     */
    @Test
    void shouldFindTheLengthWhereOneAgreesBetter() {
        int n = 100;
        int[] subset = new int[n];
        Arrays.setAll(subset, i -> i);
        double[][] reference = new double[n][];
        Arrays.setAll(reference, i -> new double[] {1, 0});
        int lengths = CalibrationSearch.SCORE_STEPS.length;
        assertFalse(tally(n, subset, reference, new int[lengths]).agreesBetterAtSomeLength(
                tally(n, subset, reference, new int[lengths])));
        int[] wrongAtLast = new int[lengths];
        wrongAtLast[lengths - 1] = 10;
        Tally good = tally(n, subset, reference, new int[lengths]);
        Tally bad = tally(n, subset, reference, wrongAtLast);
        assertTrue(good.agreesBetterAtSomeLength(bad), "10 in dispute, all one way: 10 > 2 sqrt(10)");
        assertFalse(bad.agreesBetterAtSomeLength(good));
        int[] one = new int[lengths];
        one[0] = 1;
        assertFalse(good.agreesBetterAtSomeLength(tally(n, subset, reference, one)), "one input is noise");
    }

    /** A tally whose first {@code wrong[k]} inputs disagree at score length k. */
    static Tally tally(int n, int[] subset, double[][] reference, int[] wrong) {
        double[][][] readouts = new double[wrong.length][n][];
        for (int k = 0; k < wrong.length; k++) {
            for (int i = 0; i < n; i++) {
                readouts[k][i] = i < wrong[k] ? new double[] {0, 1} : new double[] {1, 0};
            }
        }
        Tally t = new Tally(n);
        t.record(readouts, reference, subset, 0, n);
        return t;
    }
}
