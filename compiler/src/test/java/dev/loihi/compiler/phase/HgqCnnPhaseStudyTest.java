package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.io.DigitImages;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The phase code's plan for the HGQ MNIST CNN in integers (docs/CONVERSION.md, "Phase code for
 * quantized CNNs"): whether it reproduces the quantized float model, what it would cost on the
 * chip and how long its pipeline is. The exactness check runs by default when the fixture is
 * present (40 digits); the study, with its tables, is opt-in ({@code -Dloihi.hgq.phase.study=true},
 * about a minute).
 */
class HgqCnnPhaseStudyTest {
    private static final String FIXTURE = "keras_quantized/hgq_mnist_homogeneous.h5";
    private static final int REPLICAS = PhaseCompiler.REPLICAS;
    /** The model's input quantizer's quantum, which fixes the plan's input step, and the levels [0, 1] takes. */
    private static final double INPUT_STEP = 1.0 / 16;
    private static final int INPUT_LEVELS = 16;

    /** The model quantizes its input (ufixed<5,1,RND>): the plan counts at that quantum and is exact on any digit. */
    @Test
    void shouldEqualTheQuantizedModelOnEveryDigit() {
        AnnModel model = model();
        CnnPhasePlan plan = CnnPhasePlan.of(model, INPUT_STEP, INPUT_LEVELS, 0, 1);
        double[][] x = DigitImages.draw(40, 17);
        double[][] reference = FloatModel.predict(model, x);
        for (int s = 0; s < x.length; s++) {
            assertArrayEquals(reference[s], plan.output(x[s]), 0.0, "digit " + s);
        }
    }

    @Test
    void shouldReportAgreementAndCostOfThePlan() {
        Assumptions.assumeTrue(Boolean.getBoolean("loihi.hgq.phase.study"), "opt-in: -Dloihi.hgq.phase.study=true");
        AnnModel model = model();
        int count = Integer.getInteger("loihi.hgq.phase.digits", 500);
        List<double[][]> sets = List.of(DigitImages.draw(count, 3), DigitImages.draw(count, 4));
        List<double[][]> references = new ArrayList<>();
        for (double[][] x : sets) {
            double[][] ref = FloatModel.predict(model, x);
            references.add(ref);
            System.out.printf(Locale.ROOT, "set of %d digits: float classes %s%n", x.length, classCounts(ref));
        }
        double step = INPUT_STEP;
        CnnPhasePlan plan = CnnPhasePlan.of(model, step, INPUT_LEVELS, 0, 1);
        StringBuilder line = new StringBuilder("input step 2^-4:");
        for (int s = 0; s < sets.size(); s++) {
            double[][] x = sets.get(s);
            double[][] gridded = onGrid(x, step);
            double[][] griddedRef = FloatModel.predict(model, gridded);
            int exact = 0;
            int same = 0;
            int sameOnGrid = 0;
            for (int i = 0; i < x.length; i++) {
                double[] out = plan.output(x[i]);
                same += argmax(out) == argmax(references.get(s)[i]) ? 1 : 0;
                sameOnGrid += argmax(out) == argmax(griddedRef[i]) ? 1 : 0;
                exact += java.util.Arrays.equals(out, griddedRef[i]) ? 1 : 0;
            }
            line.append(String.format(Locale.ROOT, " set %d: agreement %.3f (raw digits), %.3f and %d/%d logits equal"
                    + " (digits on the step's grid);", s + 1, same / (double) x.length, sameOnGrid / (double) x.length,
                    exact, x.length));
        }
        System.out.println(line);
        for (int s = 0; s < sets.size(); s++) {
            System.out.printf(Locale.ROOT, "set %d, argmax of the readout's P without the output cast: %.3f%n",
                    s + 1, uncastAgreement(plan, sets.get(s), references.get(s)));
        }
        report(plan, sets.get(0));
    }

    /** Per stage: the staircase over the reachable levels, the levels the digits reach, cost and window. */
    private static void report(CnnPhasePlan plan, double[][] digits) {
        List<CnnStage> stages = plan.stages();
        long[][] seenLow = new long[stages.size()][1];
        long[][] seenHigh = new long[stages.size()][1];
        for (int s = 0; s < stages.size(); s++) {
            seenLow[s][0] = Long.MAX_VALUE;
            seenHigh[s][0] = Long.MIN_VALUE;
        }
        for (double[] x : digits) {
            long[] below = new long[x.length];
            for (int k = 0; k < x.length; k++) {
                below[k] = PhaseArithmetic.count(x[k], plan.inputStep(), plan.inputLevels());
            }
            for (int s = 0; s < stages.size(); s++) {
                CnnStage stage = stages.get(s);
                for (int j = 0; j < stage.units(); j++) {
                    long n = stage.level(stage.preActivation(j, below));
                    seenLow[s][0] = Math.min(seenLow[s][0], n);
                    seenHigh[s][0] = Math.max(seenHigh[s][0], n);
                }
                below = stage.values(below);
            }
        }
        System.out.println("stage | units | P unit | g | levels reachable | levels on digits | ramps (levels) | steps"
                + " | compartments/unit | compartments | window | synapses (dense) | per input position | largest |w|"
                + " | largest synapse (steps) | largest |P| + threshold (steps)");
        int[] windows = new int[stages.size() - 1];
        long compartments = 0;
        long synapses = 0;
        int senders = 1;
        long senderWeight = 1;
        for (int s = 0; s < stages.size(); s++) {
            CnnStage st = stages.get(s);
            LevelStaircase f = st.staircase();
            int per = st.output() ? 1 : f.compartments(REPLICAS);
            long syn = 0;
            int maxW = 0;
            for (int j = 0; j < st.units(); j++) {
                syn += (long) st.inputs()[j].length * senders * per;
                for (int w : st.weights()[j]) {
                    maxW = Math.max(maxW, Math.abs(w));
                }
            }
            // What one synapse carries (a step's weight times the integer weight) and what q and the
            // hold must cover: checked against LadderWeights.MAX_STEPS and PhaseNetwork.Q_STEPS below.
            long synapse = maxW * senderWeight;
            long reach = (Math.max(Math.abs(f.low()), Math.abs(f.high()) + 1) + REPLICAS) * st.quantumUnits();
            System.out.printf(Locale.ROOT, "%s | %d | 2^%d | %d | %d..%d | %d..%d | %d (%d) | %d %s | %d | %d | %s | %d | %s | %d"
                    + " | %d | %d%n",
                    st.name(), st.units(), Math.getExponent(st.unit()), st.quantumUnits(), f.low(), f.high(), seenLow[s][0],
                    seenHigh[s][0], f.ramps().size(), f.rampLevels(), f.steps().size(), f.steps(), per, (long) per * st.units(),
                    st.output() ? "read" : String.valueOf(f.windowSteps(REPLICAS)), syn,
                    st.window() == null ? "-" : String.valueOf(syn / st.window().inPositions()), maxW, synapse, reach);
            assertTrue(synapse <= LadderWeights.MAX_STEPS, st.name() + ": synapse of " + synapse + " steps");
            assertTrue(st.output() || reach <= PhaseNetwork.Q_STEPS, st.name() + ": |P| up to " + reach + " steps");
            senderWeight = 1;
            for (LevelStaircase.Step step : f.steps()) {
                senderWeight = Math.max(senderWeight, Math.abs(step.weight()));
            }
            if (!st.output()) {
                windows[s] = f.windowSteps(REPLICAS);
                compartments += (long) per * st.units();
            }
            synapses += syn;
            senders = per;
        }
        System.out.printf(Locale.ROOT, "hidden compartments %d (at least %d cores of 1,024), synapses %d as dense axons%n",
                compartments, (compartments + 1023) / 1024, synapses);
        // The first convolution's cores by compartments; each holds a band of output rows and reads
        // that band plus the kernel's other rows: its input axons, two signs of copies per pixel.
        CnnStage first = stages.get(0);
        int cores = (int) ((first.units() * (long) first.staircase().compartments(REPLICAS) + 1023) / 1024);
        int rows = first.window().outSize()[0];
        int rowsPerCore = (rows + cores - 1) / cores + first.window().kernel()[0] - 1;
        for (int copies : new int[] {64, 32, 16, 8}) {
            int inputSteps = plan.inputLevels() / copies;
            PhaseTiming t = PhaseTiming.of(inputSteps, 1, windows);
            System.out.printf(Locale.ROOT, "input step 2^%d, %d copies x %d steps: windows open at %s, pipeline %d steps;"
                    + " %d input axons, about %d on each of the first convolution's %d cores (limit 4,096)%n",
                    Math.getExponent(plan.inputStep()), copies, inputSteps, java.util.Arrays.toString(t.windowStart()),
                    t.pipelineSteps(), digits[0].length * 2 * copies,
                    rowsPerCore * first.window().inSize()[1] * first.window().inChannels() * 2 * copies, cores);
        }
    }

    /** Agreement when the host reads the output stage's exact P and skips its cast (truncation, WRAP). */
    private static double uncastAgreement(CnnPhasePlan plan, double[][] x, double[][] reference) {
        CnnStage out = plan.stages().get(plan.stages().size() - 1);
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            long[][] all = plan.forward(x[i]);
            long[] below = all[all.length - 2];
            double[] p = new double[out.units()];
            for (int j = 0; j < p.length; j++) {
                p[j] = out.preActivation(j, below);
            }
            same += argmax(p) == argmax(reference[i]) ? 1 : 0;
        }
        return same / (double) x.length;
    }

    private static AnnModel model() {
        Optional<Path> file = Fixtures.find(FIXTURE);
        Assumptions.assumeTrue(file.isPresent(), "fixture absent");
        AnnModel model = KerasImporter.load(file.get(), null);
        assertEquals(null, CnnPhasePlan.whyNot(model));
        return model;
    }

    private static double[][] onGrid(double[][] x, double step) {
        double[][] out = new double[x.length][];
        for (int s = 0; s < x.length; s++) {
            out[s] = new double[x[s].length];
            for (int k = 0; k < x[s].length; k++) {
                out[s][k] = Math.floor(x[s][k] / step + 0.5) * step;
            }
        }
        return out;
    }

    private static String classCounts(double[][] ref) {
        int[] c = new int[ref[0].length];
        for (double[] r : ref) {
            c[argmax(r)]++;
        }
        return java.util.Arrays.toString(c);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
