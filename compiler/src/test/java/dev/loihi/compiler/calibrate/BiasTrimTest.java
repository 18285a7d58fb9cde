package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.BiasTrimReport;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BiasTrimTest {
    private static final CompileOptions DEFAULTS = CompileOptions.defaults();
    private static final int COPIES = 3;

    /**
     * Each unit's chip rate is its float rate plus an offset of its own (its copies a little above
     * and below, the same on average): the shift is minus that offset, to rounding; a unit in its
     * linear range on too few inputs is left alone.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldShiftEachUnitByItsMeanErrorInItsLinearRange(long seed) {
        Random r = new Random(seed);
        int rows = 60;
        int units = 7;
        double[] offset = new double[units];
        Arrays.setAll(offset, u -> 0.05 * (2 * r.nextDouble() - 1));
        double[][] target = new double[rows][units];
        double[][] measured = new double[rows][units * COPIES];
        for (int i = 0; i < rows; i++) {
            for (int u = 0; u < units; u++) {
                // unit 0 is in range on only a few inputs; the others on about two thirds
                boolean active = u == 0 ? i < BiasTrim.MIN_LINEAR - 1 : r.nextDouble() < 0.67;
                target[i][u] = active ? 0.1 + 0.8 * r.nextDouble() : 0;
                for (int c = 0; c < COPIES; c++) {
                    measured[i][u * COPIES + c] = active ? target[i][u] + offset[u] + 0.01 * (c - 1) : 0;
                }
            }
        }
        double[] shift = BiasTrim.shift(ensemble(units), target, measured);
        assertEquals(0.0, shift[0], "too few inputs in range");
        for (int u = 1; u < units; u++) {
            assertEquals(-offset[u], shift[u], 1e-12, "unit " + u);
        }
    }

    /**
     * Where the chip fires and the float model does not (a false spike under inhibition) the
     * input counts, and so does the reverse (a rate the leak's dead zone swallowed); where both are
     * silent or both saturated it does not.
     */
    @Test
    void shouldCountAnInputWhereEitherRateIsInRange() {
        double[][] target = new double[10][1];
        double[][] measured = new double[10][COPIES];
        for (int i = 0; i < 10; i++) {
            double chip = switch (i % 4) {
                case 0 -> 0.02;   // a false spike: float 0
                case 1 -> 0.0;    // swallowed: float 0.03
                case 2 -> 0.0;    // both silent
                default -> 1.0;   // both saturated
            };
            target[i][0] = i % 4 == 1 ? 0.03 : i % 4 == 3 ? 1.0 : 0.0;
            Arrays.fill(measured[i], chip);
        }
        // inputs 0, 4, 8 (+0.02) and 1, 5, 9 (-0.03): 6 in range, under the minimum
        assertEquals(0.0, BiasTrim.shift(ensemble(1), target, measured)[0]);
        double[][] moreTarget = Arrays.copyOf(target, 20);
        double[][] moreMeasured = Arrays.copyOf(measured, 20);
        for (int i = 10; i < 20; i++) {
            moreTarget[i] = target[i - 10].clone();
            moreMeasured[i] = measured[i - 10].clone();
        }
        // 12 in range: 6 x +0.02 and 6 x -0.03, mean -0.005
        assertEquals(0.005, BiasTrim.shift(ensemble(1), moreTarget, moreMeasured)[0], 1e-12);
    }

    /**
     * The trim is measured on the first inputs (class-balanced) and judged on others, at least
     * {@link BiasTrim#MIN_JUDGED}; with too few for both, on the same ones.
     */
    @Test
    void shouldJudgeTheTrimOnInputsItWasNotMeasuredOn() {
        int[] classes = new int[500];
        Arrays.setAll(classes, i -> i % 3);
        int[] order = Subset.stratified(classes, classes.length);
        assertEquals(BiasTrim.INPUTS, BiasTrim.fitted(500));
        assertArrayEquals(Arrays.copyOfRange(order, 200, 500), BiasTrim.judged(order, 200));
        assertEquals(150, BiasTrim.fitted(250));
        assertArrayEquals(Arrays.copyOfRange(order, 150, 250), BiasTrim.judged(Arrays.copyOf(order, 250), 150));
        assertEquals(150, BiasTrim.fitted(150));
        assertArrayEquals(Arrays.copyOf(order, 150), BiasTrim.judged(Arrays.copyOf(order, 150), 150));
        int[] many = Subset.stratified(new int[2000], 2000);
        assertEquals(CalibrationSearch.MAX_INPUTS, BiasTrim.judged(many, BiasTrim.fitted(2000)).length);
    }

    /** A big image measures and judges a share of the inputs that keeps the stage within its budget. */
    @Test
    void shouldKeepWithinItsSynapseStepBudget() {
        assertEquals(1.0, BiasTrim.share(1_000_000, BiasTrim.STEPS, 2, 200, 2, 300));
        double share = BiasTrim.share(20_000_000, BiasTrim.STEPS, 5, 200, 2, 300);
        assertTrue(share < 1);
        double spent = 20_000_000.0 * BiasTrim.STEPS * (5 * 200 * share + 2 * 300 * share);
        assertEquals(BiasTrim.SYNAPSE_STEP_BUDGET, spent, 1e-6 * spent);
        assertTrue(BiasTrim.share(1_000_000_000, BiasTrim.STEPS, 5, 200, 2, 300) < BiasTrim.MIN_SHARE,
                "too big: the stage does not run");
    }

    /**
     * A chip whose every hidden neuron fires 0.02 a step above its float rate: each layer's biases
     * come down by 0.02, every copy alike, one emulator run per layer, the readout untouched.
     */
    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33})
    void shouldTakeWhatTheChipAddsOffEveryLayer(long seed) {
        AnnModel model = deep(seed);
        ConvertOptions chosen = fitted(model).withPercentile(99.9);
        Network network = AnnToSnn.convert(model, chosen);
        double[][] x = CalibrationSearchTest.inputs(50, seed);
        Map<String, double[][]> rates = AnnToSnn.unitRates(model, chosen, x);
        List<Integer> runs = new ArrayList<>();
        Predictor chip = offsetChip(model, chosen, 0.02, runs);
        List<BiasTrimReport.LayerTrim> layers = new ArrayList<>();
        Network trimmed = BiasTrim.trim(network, null, rates, x, DEFAULTS, chip, layers, new HashMap<>());
        List<String> hidden = network.ensembles().stream().filter(e -> e.type() == NeuronType.SUBTRACTIVE_RELU)
                .map(Ensemble::name).toList();
        assertEquals(hidden.size(), runs.size());
        assertEquals(hidden, layers.stream().map(BiasTrimReport.LayerTrim::name).toList());
        for (int b = 0; b < network.ensembles().size(); b++) {
            Ensemble before = network.ensembles().get(b);
            Ensemble after = trimmed.ensembles().get(b);
            if (before.type() != NeuronType.SUBTRACTIVE_RELU) {
                assertArrayEquals(before.bias(), after.bias(), 0.0, before.name());
                continue;
            }
            double[] shift = BiasTrim.shift(before, rates.get(before.name()), measured(rates.get(before.name()), 0.02));
            int moved = 0;
            for (int j = 0; j < before.n(); j++) {
                assertEquals(before.bias()[j] + shift[j / COPIES], after.bias()[j], 1e-12);
                moved += shift[j / COPIES] != 0 ? 1 : 0;
                if (shift[j / COPIES] != 0) {
                    assertEquals(-0.02, shift[j / COPIES], 1e-9);
                }
            }
            assertTrue(moved > 0, before.name() + ": some unit in range");
        }
    }

    /** A trim that scores no better than the choice leaves it, and its image, as they were. */
    @ParameterizedTest
    @ValueSource(longs = {41, 42})
    void shouldKeepTheChoiceWhenTheTrimDoesNotBeatIt(long seed) {
        AnnModel model = CalibrationSearchTest.model(seed);
        ConvertOptions chosen = fitted(model).withPercentile(99.9);
        Network network = AnnToSnn.convert(model, chosen);
        double[][] x = chosen.calibrationInputs();
        double[][] reference = CalibrationSearch.floatReadout(model, x);
        Predictor exact = offsetChip(model, chosen, 0.02, new ArrayList<>());
        BiasTrim.Outcome outcome = BiasTrim.run(model, chosen, network, Compiler.build(network, DEFAULTS), DEFAULTS, exact, reference);
        assertSame(network, outcome.network());
        assertFalse(outcome.report().taken());
        assertFalse(outcome.report().after().chosen());
        assertEquals(outcome.report().before().score(), outcome.report().after().score(), 0.0);
        CalibrationSearch.Result r = CalibrationSearch.trimmed(model, chosen, network, null, DEFAULTS, exact, reference,
                CalibrationSearch.report("search", chosen, List.of(), 100, List.of(50), null), false);
        assertFalse(r.compiled().image().metadata().contains("biasTrim"), "left out of the metadata");
        assertTrue(r.report().toSummary().contains("biases as converted"), r.report().toSummary());
        assertArrayEquals(bytes(Compiler.compile(network, DEFAULTS, r.report().withBiasTrim(null)).image()),
                bytes(r.compiled().image()));
    }

    /** The emulator exact only on the trimmed image: the trim is taken, reported and compiled. */
    @ParameterizedTest
    @ValueSource(longs = {51, 52})
    void shouldTakeATrimThatBeatsTheChoice(long seed) {
        trimJudged(seed, false);
    }

    /** The trimmed image agrees on one input more: within noise, the choice stays. */
    @ParameterizedTest
    @ValueSource(longs = {53, 54})
    void shouldKeepTheChoiceWhenTheTrimWinsOnlyWithinNoise(long seed) {
        trimJudged(seed, true);
    }

    private static void trimJudged(long seed, boolean closeCall) {
        AnnModel model = CalibrationSearchTest.model(seed);
        ConvertOptions chosen = fitted(model).withPercentile(99.9);
        Network network = AnnToSnn.convert(model, chosen);
        double[][] x = chosen.calibrationInputs();
        double[][] reference = CalibrationSearch.floatReadout(model, x);
        int[] order = Subset.stratified(CalibrationSearch.classes(reference), x.length);
        int fitted = BiasTrim.fitted(x.length);
        double[][] trimX = Subset.rows(x, order, 0, fitted);
        Map<String, double[][]> rates = AnnToSnn.unitRates(model, chosen, trimX);
        Network expected = BiasTrim.trim(network, null, rates, trimX, DEFAULTS, offsetChip(model, chosen, 0.02,
                new ArrayList<>()), new ArrayList<>(), new HashMap<>());
        byte[] trimmedBytes = bytes(Compiler.compile(expected, DEFAULTS).image());
        Predictor chip = new Predictor() {
            @Override
            public double[][] readout(Image image, double[][] inputs, int steps) {
                double[][] out = CalibrationSearch.floatReadout(model, inputs);
                if (!Arrays.equals(bytes(image), trimmedBytes)) {
                    for (int i = 0; i < inputs.length; i += 3) {
                        out[i] = SurrogateCheckTest.rotated(out[i]);
                    }
                }
                if (!Arrays.equals(bytes(image), trimmedBytes) || !closeCall) {
                    return out;
                }
                // the trimmed image misses all but one of the inputs the choice misses
                for (int i = 3; i < inputs.length; i += 3) {
                    out[i] = SurrogateCheckTest.rotated(out[i]);
                }
                return out;
            }

            @Override
            public Map<String, double[][]> layerRates(Image image, double[][] inputs, int steps, int from) {
                return offsetChip(model, chosen, 0.02, new ArrayList<>()).layerRates(image, inputs, steps, from);
            }
        };
        BiasTrim.Outcome outcome = BiasTrim.run(model, chosen, network, Compiler.build(network, DEFAULTS), DEFAULTS, chip, reference);
        if (closeCall) {
            assertTrue(outcome.report().after().score() > outcome.report().before().score());
            assertFalse(outcome.report().taken());
            assertSame(network, outcome.network());
            return;
        }
        assertTrue(outcome.report().taken());
        assertTrue(outcome.report().after().chosen());
        assertTrue(outcome.report().after().score() > outcome.report().before().score());
        assertEquals(fitted, outcome.report().inputs());
        assertEquals(x.length - fitted, outcome.report().judged());
        assertArrayEquals(trimmedBytes, bytes(Compiler.compile(outcome.network(), DEFAULTS).image()));
        CalibrationSearch.Result r = CalibrationSearch.trimmed(model, chosen, network, null, DEFAULTS, chip, reference,
                CalibrationSearch.report("search", chosen, List.of(), 100, List.of(50), null), false);
        assertTrue(r.compiled().image().metadata().contains("biasTrim"));
        assertArrayEquals(bytes(Compiler.compile(r.network(), DEFAULTS, r.report()).image()),
                bytes(r.compiled().image()), "the judged build, stamped: a fresh compile's bytes");
        assertTrue(r.report().toSummary().contains("biases trimmed"), r.report().toSummary());
        assertNotEquals(network, r.network());
    }

    /** A predictor that cannot look inside an image: nothing is trimmed or run. */
    @Test
    void shouldLeaveTheNetworkWhereThePredictorCannotLookInside() {
        AnnModel model = CalibrationSearchTest.model(61);
        ConvertOptions chosen = fitted(model).withPercentile(99.9);
        Network network = AnnToSnn.convert(model, chosen);
        double[][] reference = CalibrationSearch.floatReadout(model, chosen.calibrationInputs());
        List<Integer> calls = new ArrayList<>();
        Predictor readoutOnly = (image, rows, steps) -> {
            calls.add(rows.length);
            return CalibrationSearch.floatReadout(model, rows);
        };
        BiasTrim.Outcome outcome = BiasTrim.run(model, chosen, network, Compiler.build(network, DEFAULTS), DEFAULTS, readoutOnly, reference);
        assertSame(network, outcome.network());
        assertEquals(null, outcome.report());
        assertTrue(calls.isEmpty());
    }

    /**
     * The float readout, and hidden rates that are the float ones plus {@code offset} wherever the
     * float rate is in range, whatever the image (for the rows the rates were taken on).
     */
    private static Predictor offsetChip(AnnModel model, ConvertOptions chosen, double offset, List<Integer> runs) {
        return new Predictor() {
            @Override
            public double[][] readout(Image image, double[][] inputs, int steps) {
                return CalibrationSearch.floatReadout(model, inputs);
            }

            @Override
            public Map<String, double[][]> layerRates(Image image, double[][] inputs, int steps, int from) {
                runs.add(inputs.length);
                Map<String, double[][]> out = new HashMap<>();
                AnnToSnn.unitRates(model, chosen, inputs).forEach((name, r) -> out.put(name, measured(r, offset)));
                return out;
            }
        };
    }

    private static double[][] measured(double[][] unitRates, double offset) {
        double[][] out = new double[unitRates.length][unitRates[0].length * COPIES];
        for (int i = 0; i < unitRates.length; i++) {
            for (int u = 0; u < unitRates[i].length; u++) {
                double r = unitRates[i][u];
                double chip = r > 0 && r < 1 ? Math.min(1, r + offset) : r;
                Arrays.fill(out[i], u * COPIES, (u + 1) * COPIES, chip);
            }
        }
        return out;
    }

    /** Two hidden layers, so that each is trimmed on what the one below delivers. */
    private static AnnModel deep(long seed) {
        Random r = new Random(seed);
        return new AnnModel("deep", 6, List.of(CalibrationSearchTest.dense("h1", 6, 12, Activation.RELU, r),
                CalibrationSearchTest.dense("h2", 12, 8, Activation.RELU, r),
                CalibrationSearchTest.dense("out", 8, 3, Activation.SOFTMAX, r)));
    }

    private static Ensemble ensemble(int units) {
        return new Ensemble("h", units * COPIES, NeuronType.SUBTRACTIVE_RELU, 0, 0, new double[units * COPIES]);
    }

    private static ConvertOptions fitted(AnnModel model) {
        return AnnToSnn.fitted(model, ConvertOptions.defaults().withCalibration(CalibrationSearchTest.inputs(300, 300))
                .withReplicas(COPIES));
    }

    private static byte[] bytes(Image image) {
        return ImageWriter.write(image);
    }
}
