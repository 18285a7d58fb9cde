package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiled;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.Headroom;
import dev.loihi.compiler.discretize.LayerPrecision;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.HeadroomReport;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadroomStageTest {
    private static final CompileOptions BOUNDED = CompileOptions.builder().maxSteps(200).build();

    /** The largest power of two, up to 8, that keeps the peak within a quarter of u's range. */
    @Test
    void shouldTakeTheLargestFactorWithinTheMargin() {
        assertEquals(4, HeadroomStage.MARGIN);
        assertEquals(Headroom.MAX_FACTOR, HeadroomStage.factor(0));
        assertEquals(8, HeadroomStage.factor(1 / 32.0));
        assertEquals(4, HeadroomStage.factor(1 / 16.0));
        assertEquals(4, HeadroomStage.factor(1 / 32.0 + 1e-9));
        assertEquals(2, HeadroomStage.factor(1 / 8.0));
        assertEquals(1, HeadroomStage.factor(1 / 8.0 + 1e-9));
        assertEquals(1, HeadroomStage.factor(0.9));
    }

    /** The model, converted, compiled for presentations of 200 steps, and what the stage is given. */
    private record Setup(AnnModel model, ConvertOptions chosen, Network network, Compiled built, double[][] reference) {
        static Setup of(long seed) {
            Random r = new Random(seed);
            AnnModel model = CalibrationSearchTest.deepModel(r);
            ConvertOptions chosen = AnnToSnn.fitted(model, ConvertOptions.defaults()
                    .withCalibration(CalibrationSearchTest.inputs(300, seed + 100)).withReplicas(3)).withPercentile(99.9);
            Network network = AnnToSnn.convert(model, chosen);
            return new Setup(model, chosen, network, Compiler.build(network, BOUNDED),
                    CalibrationSearch.floatReadout(model, chosen.calibrationInputs()));
        }

        DiscreteBlock block(String name) {
            return HeadroomStageTest.block(built, name);
        }

        /** How many times the worst-case scale layer {@code name}'s scale is in {@code sized}. */
        double growth(Compiled sized, String name) {
            return HeadroomStageTest.block(sized, name).scale() / block(name).scale();
        }

        boolean boundByU(String name) {
            return built.discrete().precision().stream().filter(p -> p.layer().equals(name))
                    .map(LayerPrecision::bindingLimit).findFirst().orElseThrow().startsWith(Headroom.CURRENT_U);
        }
    }

    private static DiscreteBlock block(Compiled compiled, String name) {
        return compiled.discrete().blocks().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * A chip that reads out the float model on every image but {@code worse}'s bytes, where it
     * reads out zeros; its u peaks are {@code peaks} on the first measurement and {@code unseen}
     * on later ones. Records the inputs each peak measurement ran.
     */
    private static Predictor chip(Setup s, Map<String, Double> peaks, byte[] worse, List<double[][]> measured) {
        return chip(s, peaks, peaks, worse, measured);
    }

    private static Predictor chip(Setup s, Map<String, Double> peaks, Map<String, Double> unseen, byte[] worse,
                                  List<double[][]> measured) {
        return new Predictor() {
            @Override
            public double[][] readout(Image image, double[][] inputs, int steps) {
                double[][] z = CalibrationSearch.floatReadout(s.model(), inputs);
                return Arrays.equals(ImageWriter.write(image), worse) ? new double[z.length][z[0].length] : z;
            }

            @Override
            public Map<String, Double> currentPeaks(Image image, double[][] inputs, int steps) {
                measured.add(inputs);
                assertEquals(BOUNDED.maxSteps(), steps, "the presentation the image is compiled for");
                return measured.size() == 1 ? peaks : unseen;
            }
        };
    }

    /**
     * Each layer bound by u takes the factor its peak allows at the leak it had, the others stay
     * sized for the worst case; the peaks are measured on the calibration inputs the judgment does
     * not run, the sized image's peaks then on those the judgment runs, and a candidate that
     * scores as well as the choice is taken.
     */
    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43})
    void shouldSizeEachLayerFromItsPeakAndTakeWhatScoresAsWell(long seed) {
        Setup s = Setup.of(seed);
        assertTrue(s.boundByU("h1") && s.boundByU("h2"), "both hidden layers' scales are u's");
        List<double[][]> measured = new ArrayList<>();
        HeadroomStage.Outcome out = HeadroomStage.run(s.chosen(), s.network(), s.built(), BOUNDED,
                chip(s, Map.of("h1", 0.01, "h2", 0.2, "out", 0.01), new byte[0], measured), s.reference());
        assertEquals(Map.of("h1", new Headroom(s.block("h1").decayU(), 8)), out.compile().headroom());
        HeadroomReport report = out.report();
        assertTrue(report.taken());
        double growth = s.growth(out.compiled(), "h1");
        assertTrue(growth > 4 && growth * 0.01 * HeadroomStage.MARGIN <= 1, "h1's scale grew " + growth);
        assertEquals(List.of(new HeadroomReport.LayerHeadroom("h1", 0.01, 8, growth, 0.01, s.block("h1").decayU())),
                report.layers());
        assertEquals(2, measured.size());
        assertEquals(BiasTrim.fitted(300), measured.get(0).length);
        assertEquals(report.inputs(), measured.get(0).length);
        assertEquals(300 - report.inputs(), report.judged(), "judged on the inputs not measured");
        assertEquals(report.judged(), measured.get(1).length, "the sized image's peaks on the judged inputs");
        assertArrayEquals(ImageWriter.write(Compiler.build(s.network(), out.compile()).stamped(null).image()),
                ImageWriter.write(out.compiled().stamped(null).image()));
        assertTrue(report.after().margin() < 0, "the candidate stays unless the choice beats it");
    }

    /** A candidate the choice beats beyond noise is not taken, nor one whose u on the judged inputs passes half its range. */
    @Test
    void shouldKeepTheChoiceWhenItBeatsTheCandidate() {
        Setup s = Setup.of(44);
        CompileOptions sized = BOUNDED.withHeadroom(Map.of("h1", new Headroom(s.block("h1").decayU(), 8),
                "h2", new Headroom(s.block("h2").decayU(), 8)));
        byte[] candidate = ImageWriter.write(Compiler.build(s.network(), sized).stamped(null).image());
        HeadroomStage.Outcome out = HeadroomStage.run(s.chosen(), s.network(), s.built(), BOUNDED,
                chip(s, Map.of("h1", 0.0, "h2", 0.0), candidate, new ArrayList<>()), s.reference());
        assertFalse(out.report().taken());
        assertSame(BOUNDED, out.compile());
        assertSame(s.built(), out.compiled());
        // not taken: the image's metadata is what it was without the stage
        ConversionReport base = new ConversionReport(ConversionReport.SEARCH, 99.9, 1.0, 3, 4, List.of(), 0, List.of(),
                null, 0, List.of());
        assertArrayEquals(ImageWriter.write(s.built().stamped(base).image()),
                ImageWriter.write(s.built().stamped(base.withHeadroom(out.report())).image()));
        HeadroomStage.Outcome wraps = HeadroomStage.run(s.chosen(), s.network(), s.built(), BOUNDED,
                chip(s, Map.of("h1", 0.0, "h2", 0.0), Map.of("h1", 0.2, "h2", 0.51), new byte[0], new ArrayList<>()),
                s.reference());
        assertFalse(wraps.report().taken());
        assertSame(s.built(), wraps.compiled());
    }

    /**
     * A factor whose scale grew past the margin is halved, and one whose scale did not grow (its
     * weights kept exactly) is dropped; a factor within the margin stays.
     */
    @Test
    void shouldRefitFactorsToTheScaleReallyTaken() {
        Map<String, Headroom> room = new java.util.LinkedHashMap<>(Map.of("a", new Headroom(0, 8),
                "b", new Headroom(1, 4), "c", new Headroom(3, 2), "d", new Headroom(7, 2)));
        Map<String, Double> peaks = Map.of("a", 1 / 32.0, "b", 1 / 16.0, "c", 1 / 8.0, "d", 0.1);
        assertTrue(HeadroomStage.refit(room, peaks, Map.of("a", 9.1, "b", 4.0, "c", 1.0, "d", 2.6)));
        assertEquals(Map.of("a", new Headroom(0, 4), "b", new Headroom(1, 4)), room);
        assertFalse(HeadroomStage.refit(room, peaks, Map.of("a", 4.5, "b", 3.9)));
    }

    /**
     * The stage builds, and halves a factor whose scale grew past the margin: h1's peak of 1/32
     * allows x8, but the mantissa fill grows its scale a little more than 8 times, so it ends at
     * x4, and the image returned is the one that factor gives.
     */
    @Test
    void shouldHalveAFactorWhoseScaleGrewPastTheMargin() {
        Setup s = Setup.of(41);
        HeadroomStage.Outcome out = HeadroomStage.run(s.chosen(), s.network(), s.built(), BOUNDED,
                chip(s, Map.of("h1", 1 / 32.0, "h2", 0.5), new byte[0], new ArrayList<>()), s.reference());
        Headroom h1 = out.compile().headroom().get("h1");
        assertEquals(4, h1.factor());
        double growth = out.report().layers().get(0).growth();
        assertEquals(s.growth(out.compiled(), "h1"), growth, 0.0);
        assertTrue(growth > 2 && growth / 32 * HeadroomStage.MARGIN <= 1, "growth " + growth);
        double eight = s.growth(Compiler.build(s.network(),
                BOUNDED.withHeadroom(Map.of("h1", new Headroom(h1.decayU(), 8)))), "h1");
        assertTrue(eight / 32 * HeadroomStage.MARGIN > 1, "x8 grew the scale " + eight + " times: past the margin");
    }

    /**
     * The peaks are measured for the presentations the image is compiled for; an image for
     * presentations of any length has none to measure and is left as it is.
     */
    @Test
    void shouldMeasureThePresentationTheImageIsFor() {
        Setup s = Setup.of(46);
        CompileOptions any = CompileOptions.defaults();
        List<double[][]> measured = new ArrayList<>();
        HeadroomReport anyLength = HeadroomStage.run(s.chosen(), s.network(), Compiler.build(s.network(), any), any,
                chip(s, Map.of("h1", 0.0), new byte[0], measured), s.reference()).report();
        assertFalse(anyLength.taken());
        assertTrue(anyLength.note().contains("any length"), anyLength.note());
        assertTrue(measured.isEmpty());
        CompileOptions longer = CompileOptions.builder().maxSteps(1000).build();
        List<Integer> lengths = new ArrayList<>();
        Predictor chip = new Predictor() {
            @Override
            public double[][] readout(Image image, double[][] inputs, int steps) {
                return CalibrationSearch.floatReadout(s.model(), inputs);
            }

            @Override
            public Map<String, Double> currentPeaks(Image image, double[][] inputs, int steps) {
                lengths.add(steps);
                return Map.of("h1", 0.01, "h2", 0.01);
            }
        };
        assertTrue(HeadroomStage.run(s.chosen(), s.network(), Compiler.build(s.network(), longer), longer, chip,
                s.reference()).report().taken());
        assertEquals(List.of(1000, 1000), lengths);
    }

    /**
     * Nothing is run or changed when the options ask for the worst case, when every peak is too
     * high (the report says which), or when the predictor cannot look inside an image.
     */
    @Test
    void shouldLeaveTheChoiceAsItIsWhereItCannotGrowTheScale() {
        Setup s = Setup.of(45);
        List<double[][]> measured = new ArrayList<>();
        CompileOptions worst = CompileOptions.builder().maxSteps(200).worstCase(true).build();
        HeadroomStage.Outcome asked = HeadroomStage.run(s.chosen(), s.network(), s.built(), worst,
                chip(s, Map.of("h1", 0.0), new byte[0], measured), s.reference());
        assertTrue(measured.isEmpty());
        assertNull(asked.report());
        assertSame(worst, asked.compile());
        HeadroomStage.Outcome high = HeadroomStage.run(s.chosen(), s.network(), s.built(), BOUNDED,
                chip(s, Map.of("h1", 0.3, "h2", 0.2), new byte[0], measured), s.reference());
        assertEquals(1, measured.size());
        assertFalse(high.report().taken());
        assertTrue(high.report().note().contains("within 1/8 of its range: h1 0.3000, h2 0.2000"), high.report().note());
        assertSame(s.built(), high.compiled());
        assertSame(BOUNDED, high.compile());
        Predictor blind = (image, inputs, steps) -> CalibrationSearch.floatReadout(s.model(), inputs);
        assertNull(HeadroomStage.run(s.chosen(), s.network(), s.built(), BOUNDED, blind, s.reference()).report());
    }
}
