package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Float models through their PTQ twin ({@link FloatTwin}) in integer simulation
 * (docs/CONVERSION.md, "Float models through the phase code (session 10)"): per model and
 * setting, the twin's agreement with the float model on two test sets, and what its plan would
 * cost. Opt-in ({@code -Dloihi.ptq.study=true}); the input sets are .npy files under
 * {@code -Dloihi.ptq.sets} (default /tmp), the models are fixtures.
 */
class FloatTwinStudyTest {
    private record Case(String name, String model, String calibration, String test1, String test2) {}

    private static final List<Case> CASES = List.of(
            new Case("conv jet tagger", "keras_conv/jetTagger_Conv2D_Small_NoBatchNorm", "h18_sets/jet_cal.npy",
                    "h18_sets/jet_test.npy", "h18m/jet_test2.npy"),
            new Case("KERAS_conv1d_small", "keras_conv/KERAS_conv1d_small", "h18_sets/c1_cal.npy",
                    "h18_sets/c1_test.npy", "h18m/c1_test2.npy"),
            new Case("KERAS_conv2d_model", "keras_conv/KERAS_conv2d_model", "h18_sets/c2_cal.npy",
                    "h18_sets/c2_test.npy", "h18m/c2_test2.npy"),
            new Case("KERAS_3layer", "keras/KERAS_3layer", "h18m/k3_cal.npy", "h18m/k3_test.npy", "h18m/k3_test5k.npy"));
    private static final double[] PERCENTILES = {100, 99.9};

    @Test
    void shouldReportTheTwinsAgreementAndCost() {
        Assumptions.assumeTrue(Boolean.getBoolean("loihi.ptq.study"), "opt-in: -Dloihi.ptq.study=true");
        Path sets = Path.of(System.getProperty("loihi.ptq.sets", "/tmp"));
        int[] activationBits = range(System.getProperty("loihi.ptq.abits", "4-8"));
        int[] weightBits = range(System.getProperty("loihi.ptq.wbits", "4-8"));
        for (Case c : CASES) {
            Optional<Path> json = Fixtures.find(c.model() + ".json");
            Assumptions.assumeTrue(json.isPresent() && Files.exists(sets.resolve(c.calibration())), "fixture or set absent");
            AnnModel model = KerasImporter.load(json.get(), Fixtures.find(c.model() + "_weights.h5").orElseThrow());
            double[][] cal = NpyReader.read(sets.resolve(c.calibration())).toMatrix();
            double[][][] tests = {NpyReader.read(sets.resolve(c.test1())).toMatrix(),
                    NpyReader.read(sets.resolve(c.test2())).toMatrix()};
            int[][] reference = {argmax(FloatModel.predict(model, tests[0])), argmax(FloatModel.predict(model, tests[1]))};
            double scale = maxAbs(cal);
            double low = minimum(cal) >= 0 ? 0 : -scale;
            int levels = Integer.getInteger("loihi.ptq.inputLevels", PhaseCompiler.INPUT_COPIES * PhaseCompiler.INPUT_STEPS);
            double step = stepFor(scale, levels);
            System.out.printf(Locale.ROOT, "%s: input range [%s, %s], step 2^%d; float classes %s / %s; test rows past the"
                    + " range %d / %d%n", c.name(), low, scale, Math.getExponent(step), classCounts(reference[0], model),
                    classCounts(reference[1], model), outside(tests[0], low, scale), outside(tests[1], low, scale));
            System.out.println("setting | agreement set 1 | set 2 | hidden compartments | synapses (dense, hidden) | windows"
                    + " | pipeline (64 x 10 / 16 x 40) | largest synapse | largest P+theta after stage 1 (steps) | fits q"
                    + " | set 1 rows past stage 1's hold | chip network (64 copies or fewer)");
            for (double p : PERCENTILES) {
                for (int a : activationBits) {
                    if (a % 2 != 0 && Boolean.getBoolean("loihi.ptq.even")) {
                        continue;
                    }
                    for (int w : weightBits) {
                        PtqSettings s = new PtqSettings(a, w, p, Boolean.getBoolean("loihi.ptq.biasCorrection"));
                        AnnModel twin = FloatTwin.of(model, cal, step, s);
                        CnnPhasePlan plan = CnnPhasePlan.of(twin, step, levels, low, scale);
                        checkExact(twin, plan, tests[0], step);
                        CnnPhaseCost cost = CnnPhaseCost.of(plan, PhaseCompiler.REPLICAS);
                        System.out.printf(Locale.ROOT, "%s | %.3f | %.3f | %d | %d | %s | %d / %d | %d | %d | %s | %d | %s%n",
                                s.describe(), agreement(plan, tests[0], reference[0]), agreement(plan, tests[1], reference[1]),
                                cost.hiddenCompartments(), cost.hiddenSynapses(), Arrays.toString(cost.windowSteps()),
                                cost.pipelineSteps(PhaseCompiler.INPUT_STEPS), cost.pipelineSteps(40),
                                cost.largestSynapseSteps(), cost.largestReachSteps(), cost.fitsIntegers() ? "yes" : "NO",
                                pastFirstHold(plan, tests[0]), built(plan, model, cost));
                    }
                }
            }
        }
    }

    /**
     * Where the twin loses, in doubles on the first test set: the float model with only its inputs
     * on the grid, only the twin's weights and biases, only its activation grids.
     */
    @Test
    void shouldReportWhereTheTwinLoses() {
        Assumptions.assumeTrue(Boolean.getBoolean("loihi.ptq.study"), "opt-in: -Dloihi.ptq.study=true");
        Path sets = Path.of(System.getProperty("loihi.ptq.sets", "/tmp"));
        for (Case c : CASES) {
            Optional<Path> json = Fixtures.find(c.model() + ".json");
            Assumptions.assumeTrue(json.isPresent() && Files.exists(sets.resolve(c.calibration())), "fixture or set absent");
            AnnModel model = KerasImporter.load(json.get(), Fixtures.find(c.model() + "_weights.h5").orElseThrow());
            double[][] cal = NpyReader.read(sets.resolve(c.calibration())).toMatrix();
            double[][] x = NpyReader.read(sets.resolve(c.test1())).toMatrix();
            int[] reference = argmax(FloatModel.predict(model, x));
            int levels = Integer.getInteger("loihi.ptq.inputLevels", 640);
            double step = stepFor(maxAbs(cal), levels);
            double[][] gridded = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                gridded[i] = Arrays.stream(x[i]).map(v -> PhaseArithmetic.count(v, step, levels) * step).toArray();
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: input grid only %.3f; weights only",
                    c.name(), same(argmax(FloatModel.predict(model, gridded)), reference)));
            for (int w = 4; w <= 9; w++) {
                AnnModel twin = FloatTwin.of(model, cal, step, new PtqSettings(8, w, 100));
                line.append(String.format(Locale.ROOT, " w%d %.3f", w, same(argmax(FloatModel.predict(part(twin, model, true), x)),
                        reference)));
            }
            line.append("; activations only");
            for (int a = 4; a <= 10; a += 2) {
                for (double p : PERCENTILES) {
                    AnnModel twin = FloatTwin.of(model, cal, step, new PtqSettings(a, 8, p));
                    line.append(String.format(Locale.ROOT, " a%d p%s %.3f", a, p,
                            same(argmax(FloatModel.predict(part(twin, model, false), x)), reference)));
                }
            }
            System.out.println(line);
        }
    }

    /** The twin's rounded weights and biases without its grids, or the float weights with its grids. */
    private static AnnModel part(AnnModel twin, AnnModel model, boolean weights) {
        List<dev.loihi.compiler.keras.DenseLayer> layers = new java.util.ArrayList<>();
        for (int l = 0; l < twin.layers().size(); l++) {
            dev.loihi.compiler.keras.DenseLayer t = twin.layers().get(l);
            dev.loihi.compiler.keras.DenseLayer f = model.layers().get(l);
            layers.add(weights ? new dev.loihi.compiler.keras.DenseLayer(t.name(), t.kernel(), t.bias(), t.activation(),
                    dev.loihi.compiler.keras.LayerQuantizers.NONE, t.window())
                    : new dev.loihi.compiler.keras.DenseLayer(f.name(), f.kernel(), f.bias(), f.activation(), t.quantizers(),
                    f.window()));
        }
        return new AnnModel(model.name(), model.inputSize(), layers);
    }

    private static double same(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += a[i] == b[i] ? 1 : 0;
        }
        return n / (double) a.length;
    }

    /** The plan equals the twin in doubles on the first inputs, rounded to the input grid. */
    private static void checkExact(AnnModel twin, CnnPhasePlan plan, double[][] x, double step) {
        for (int i = 0; i < 20; i++) {
            double[] g = new double[x[i].length];
            for (int k = 0; k < g.length; k++) {
                g[k] = PhaseArithmetic.count(x[i][k], step, plan.inputLevels()) * step;
            }
            assertArrayEquals(FloatTwinTest.logits(twin, g), plan.output(g), 0.0, twin.name() + ", input " + i);
        }
    }

    /** Whether CnnPhaseNetwork builds the plan at 64 copies, or the most below that divide the input levels (tried only when the integers fit), or why not. */
    private static String built(CnnPhasePlan plan, AnnModel model, CnnPhaseCost cost) {
        if (!cost.fitsIntegers()) {
            return "-";
        }
        int copies = PhaseCompiler.INPUT_COPIES;
        while (plan.inputLevels() % copies != 0) {
            copies /= 2;
        }
        try {
            CnnPhaseNetwork.build(plan, model.inputSize(), PhaseCompiler.REPLICAS, "input", copies,
                    plan.inputLevels() / copies, model.outputLayer().activation().kerasName());
            return "built";
        } catch (IllegalArgumentException e) {
            return e.getMessage().length() > 60 ? e.getMessage().substring(0, 60) : e.getMessage();
        }
    }

    /** The smallest power of two s with levels x s >= scale. */
    private static double stepFor(double scale, int levels) {
        double s = Math.scalb(1.0, Math.getExponent(scale / levels));
        return s * levels >= scale ? s : 2 * s;
    }

    /** Rows whose first-stage positive sum passes one step's q: the host would refuse them. */
    private static int pastFirstHold(CnnPhasePlan plan, double[][] x) {
        int n = 0;
        for (double[] row : x) {
            long[] counts = new long[row.length];
            for (int k = 0; k < row.length; k++) {
                counts[k] = PhaseArithmetic.count(row[k], plan.inputStep(), plan.inputLevels());
            }
            n += CnnPhaseCost.firstStageSteps(plan, counts, PhaseCompiler.REPLICAS) > PhaseNetwork.Q_STEPS ? 1 : 0;
        }
        return n;
    }

    static double agreement(CnnPhasePlan plan, double[][] x, int[] reference) {
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            same += argmaxOf(plan.output(x[i])) == reference[i] ? 1 : 0;
        }
        return same / (double) x.length;
    }

    private static int outside(double[][] x, double low, double high) {
        int n = 0;
        for (double[] row : x) {
            for (double v : row) {
                if (v < low || v > high) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    private static double maxAbs(double[][] x) {
        return Arrays.stream(x).flatMapToDouble(Arrays::stream).map(Math::abs).max().orElse(1);
    }

    private static double minimum(double[][] x) {
        return Arrays.stream(x).flatMapToDouble(Arrays::stream).min().orElse(0);
    }

    private static String classCounts(int[] classes, AnnModel model) {
        int[] c = new int[model.outputSize()];
        for (int k : classes) {
            c[k]++;
        }
        return Arrays.toString(c);
    }

    private static int[] argmax(double[][] y) {
        return Arrays.stream(y).mapToInt(FloatTwinStudyTest::argmaxOf).toArray();
    }

    private static int argmaxOf(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    private static int[] range(String spec) {
        String[] ends = spec.split("-");
        int from = Integer.parseInt(ends[0]);
        int to = Integer.parseInt(ends[ends.length - 1]);
        int[] out = new int[to - from + 1];
        Arrays.setAll(out, i -> from + i);
        assertEquals(to - from + 1, out.length);
        return out;
    }
}
