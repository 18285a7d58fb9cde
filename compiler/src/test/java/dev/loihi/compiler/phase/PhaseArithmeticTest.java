package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.BalancedRows;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The phase code's integer arithmetic against QKeras's quantized_relu, and against the float model. */
class PhaseArithmeticTest {

    /** Round half to even of p / g, clipped to 0..max: quantized_relu on an exact pre-activation. */
    private static long quantizedRelu(long p, int g, int max) {
        return Math.max(0, Math.min(max, (long) Math.rint(p / (double) g)));
    }

    @ParameterizedTest
    @CsvSource({"8, 32, 63", "8, 64, 63", "2, 32, 63", "4, 2, 15", "6, 16, 7", "10, 8, 255", "8, 4, 1", "16, 32, 31"})
    void shouldMatchQuantizedReluOnEveryPreActivation(int replicas, int quantumUnits, int maxLevel) {
        PhaseReplicas split = new PhaseReplicas(replicas, quantumUnits, maxLevel);
        for (long p = -3L * quantumUnits * maxLevel; p <= 3L * quantumUnits * maxLevel; p++) {
            assertEquals(quantizedRelu(p, quantumUnits, maxLevel), split.level(p), "p=" + p);
        }
    }

    @Test
    void shouldAgreeWithTheQKerasJetTagger() {
        AnnModel model = jetTagger();
        assertEquals(null, PhasePlan.whyNot(model));
        boolean study = Boolean.getBoolean("loihi.phase.study");
        long[] seeds = study ? new long[] {17, 29, 41} : new long[] {17};
        // inputStep 2^-e, levels so that the counts cover |x| <= 5
        int[] exps = study ? new int[] {3, 4, 5, 6, 7, 8, 10, 14} : new int[] {7};
        for (long seed : seeds) {
            double[][] x = BalancedRows.of(model, 1000, seed);
            double[][] reference = FloatModel.predict(model, x);
            for (int e : exps) {
                double step = Math.scalb(1.0, -e);
                PhasePlan plan = PhasePlan.of(model, step, (int) Math.ceil(5 / step), 8);
                int same = 0;
                for (int i = 0; i < x.length; i++) {
                    same += BalancedRows.argmax(PhaseArithmetic.output(plan, x[i])) == BalancedRows.argmax(reference[i]) ? 1 : 0;
                }
                double agreement = same / (double) x.length;
                System.out.printf(Locale.ROOT, "phase seed=%d inputStep=2^-%d levels=%d agreement=%.3f%n", seed, e,
                        plan.inputLevels(), agreement);
                if (e == 7) {
                    assertTrue(agreement >= 0.99, "agreement=" + agreement);
                }
            }
        }
    }

    @Test
    void shouldKeepEveryQuantizedWeightExactly() {
        AnnModel model = jetTagger();
        PhasePlan plan = PhasePlan.of(model, 1.0 / 128, 640, 8);
        List<PhaseLayer> layers = plan.layers();
        double below = plan.inputStep();
        for (int l = 0; l < layers.size(); l++) {
            PhaseLayer layer = layers.get(l);
            for (int i = 0; i < layer.inputs(); i++) {
                for (int j = 0; j < layer.units(); j++) {
                    assertEquals(model.layers().get(l).kernel()[i][j] * below, layer.weights()[i][j] * layer.unit(), 0.0);
                }
            }
            below = layer.hidden() ? layer.quantumUnits() * layer.unit() : below;
        }
        assertEquals(32, layers.get(1).quantumUnits());
    }

    /** The QKeras jet tagger (keras_quantized/qkeras_3layer); the test is skipped without the fixtures. */
    static AnnModel jetTagger() {
        Optional<Path> json = Fixtures.find("keras_quantized/qkeras_3layer.json");
        Optional<Path> weights = Fixtures.find("keras_quantized/qkeras_3layer_weights.h5");
        Assumptions.assumeTrue(json.isPresent() && weights.isPresent(), "fixture absent");
        return KerasImporter.load(json.get(), weights.get());
    }
}
