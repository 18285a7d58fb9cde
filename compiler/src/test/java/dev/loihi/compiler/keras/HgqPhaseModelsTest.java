package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.phase.PhaseArithmetic;
import dev.loihi.compiler.phase.PhasePlan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HGQ dense models (a jet-tagger shape, 16-64-32-32-5, Dense + ReLU each followed by a
 * FixedPointQuantizer with one width for all) take the phase code when their quantizers
 * saturate, whatever they round by, and keep the rate code when they wrap.
 */
class HgqPhaseModelsTest {
    private static final int[] UNITS = {64, 32, 32, 5};

    @TempDir
    Path dir;

    /** A model whose hidden quantizers are ap_ufixed<bits, integers> with rounding {@code rnd} and overflow {@code sat}. */
    static KerasTestModel model(String rnd, String sat, int bits, int integers, long seed) {
        KerasTestModel m = new KerasTestModel(16, seed);
        Random random = new Random(seed + 1000);
        for (int l = 0; l < UNITS.length; l++) {
            String name = l == UNITS.length - 1 ? "out" : "fc" + (l + 1);
            boolean last = l == UNITS.length - 1;
            m.dense(name, UNITS[l], last ? "linear" : "relu");
            // Proxy kernels and biases are stored on their grids: multiples of 1/32 here.
            float[][] kernel = (float[][]) m.weights().get(name).get(name + "/kernel:0");
            float[] bias = (float[]) m.weights().get(name).get(name + "/bias:0");
            double spread = 32 / Math.sqrt(kernel.length);
            for (float[] row : kernel) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) Math.rint(random.nextGaussian() * spread) / 32f;
                }
            }
            for (int j = 0; j < bias.length; j++) {
                bias[j] = (float) Math.rint(random.nextGaussian() * 4) / 32f;
            }
            if (!last) {
                String q = "q_" + name;
                m.layer("FixedPointQuantizer", q).put("RND", rnd).put("SAT", sat).putArray("shape").add(1).add(UNITS[l]);
                Map<String, Object> widths = new LinkedHashMap<>();
                widths.put(q + "/keep_negative:0", new byte[] {0});
                widths.put(q + "/bits:0", new byte[] {(byte) bits});
                widths.put(q + "/integers:0", new byte[] {(byte) integers});
                m.weights().put(q, widths);
            }
        }
        return m;
    }

    private AnnModel load(KerasTestModel m, String stem) {
        Path file = dir.resolve(stem + ".h5");
        m.writeFullModel(file);
        return KerasImporter.load(file, null);
    }

    @ParameterizedTest
    @CsvSource({"RND, 11", "TRN, 12", "RND_CONV, 13"})
    void shouldPhaseCodeSaturatingQuantizersAndAgreeWithTheQuantizedModel(String rnd, long seed) {
        AnnModel model = load(model(rnd, "SAT", 6, 2, seed), "hgq_" + rnd);
        assertNull(PhasePlan.whyNot(model));
        Random random = new Random(seed);
        double[][] x = new double[300][16];
        for (double[] row : x) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextGaussian();
            }
        }
        double[][] reference = FloatModel.predict(model, x);
        // At the input step the compiler takes for |x| <= 4 (2^-7), only the input's rounding differs.
        PhasePlan plan = PhasePlan.of(model, 1.0 / 128, 640, 8);
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            same += BalancedRows.argmax(PhaseArithmetic.output(plan, x[i])) == BalancedRows.argmax(reference[i]) ? 1 : 0;
        }
        assertTrue(same >= 0.98 * x.length, rnd + ": agreement " + same + " / " + x.length);
    }

    /** An input on the plan's grid has exact counts: the integers are then the quantized model exactly. */
    @ParameterizedTest
    @CsvSource({"RND, 21", "TRN, 22", "RND_CONV, 23"})
    void shouldEqualTheQuantizedModelOnInputsOnTheGrid(String rnd, long seed) {
        AnnModel model = load(model(rnd, "SAT", 6, 2, seed), "grid_" + rnd);
        PhasePlan plan = PhasePlan.of(model, 1.0 / 128, 640, 8);
        Random random = new Random(seed);
        for (int s = 0; s < 200; s++) {
            double[] x = new double[16];
            for (int k = 0; k < x.length; k++) {
                x[k] = Math.rint(random.nextGaussian() * 128) / 128;
            }
            double[] ours = PhaseArithmetic.output(plan, x);
            double[] reference = FloatModel.predict(model, new double[][] {x})[0];
            for (int j = 0; j < ours.length; j++) {
                assertEquals(reference[j], ours[j], 1e-9, rnd + " sample " + s + " output " + j);
            }
        }
    }

    @Test
    void shouldKeepTheRateCodeForWrappingOrPerElementQuantizers() {
        assertTrue(PhasePlan.whyNot(load(model("RND", "WRAP", 6, 2, 31), "wrap")).contains("fixed-grid"));
        KerasTestModel m = model("RND", "SAT", 6, 2, 32);
        byte[] perUnit = new byte[64];
        for (int j = 0; j < perUnit.length; j++) {
            perUnit[j] = (byte) (4 + j % 3);
        }
        m.weights().get("q_fc1").put("q_fc1/bits:0", perUnit);
        m.weights().get("q_fc1").put("q_fc1/keep_negative:0", new byte[64]);
        byte[] integers = new byte[64];
        java.util.Arrays.fill(integers, (byte) 2);
        m.weights().get("q_fc1").put("q_fc1/integers:0", integers);
        assertTrue(PhasePlan.whyNot(load(m, "per_element")).contains("fixed-grid"));
    }
}
