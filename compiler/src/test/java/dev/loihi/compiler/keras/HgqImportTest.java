package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.report.LayerRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HGQ proxy model (FixedPointQuantizer layers with int8 bit widths around Dense layers whose
 * kernels are already quantized) imports, and the float reference applies every quantizer where
 * it stands: checked against the ap_fixed arithmetic written out here.
 */
class HgqImportTest {
    @TempDir
    Path dir;

    /** ap_fixed<bits, integers> (signed when k = 1): TRN floor, then WRAP or SAT. */
    private static double apFixed(double x, int k, int bits, int integers, boolean wrap) {
        double scale = Math.scalb(1.0, bits - integers);
        double r = Math.floor(x * scale);
        double high = Math.scalb(1.0, bits - k) - 1;
        double low = -(high + 1) * k;
        if (wrap) {
            r = Math.floorMod((long) (r - low), (long) (high - low + 1)) + low;
        } else {
            r = Math.max(low, Math.min(high, r));
        }
        return r / scale;
    }

    private static Map<String, Object> widths(String name, int k, int bits, int integers) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put(name + "/keep_negative:0", new byte[] {(byte) k});
        t.put(name + "/bits:0", new byte[] {(byte) bits});
        t.put(name + "/integers:0", new byte[] {(byte) integers});
        return t;
    }

    private static void quantizer(KerasTestModel m, String name, String sat, int k, int bits, int integers) {
        m.layer("FixedPointQuantizer", name).put("RND", "TRN").put("SAT", sat).putArray("shape").add(1).add(1);
        m.weights().put(name, widths(name, k, bits, integers));
    }

    @Test
    void shouldApplyEveryFixedPointQuantizerWhereItStands() throws Exception {
        KerasTestModel m = new KerasTestModel(5, 9);
        quantizer(m, "q_in", "WRAP", 1, 6, 3);
        m.dense("fc1", 7, "linear");
        quantizer(m, "q_acc", "WRAP", 1, 8, 4);
        m.activation("relu1", "relu");
        quantizer(m, "q_out", "SAT", 0, 5, 2);
        m.dense("out", 3, "linear");
        // Proxy-model kernels hold already quantized values: multiples of 1/8.
        Random random = new Random(10);
        for (String layer : List.of("fc1", "out")) {
            float[][] kernel = (float[][]) m.weights().get(layer).get(layer + "/kernel:0");
            for (float[] row : kernel) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (random.nextInt(17) - 8) / 8f;
                }
            }
        }
        Path json = dir.resolve("hgq.json");
        Files.writeString(json, m.json());
        Path weights = dir.resolve("hgq_weights.h5");
        m.writeWeights(weights);
        AnnModel model = KerasImporter.load(json, weights);
        assertEquals(2, model.layers().size());
        // The stored kernels are on a 1/8 grid: exact on the chip.
        for (LayerRow row : Compiler.compile(AnnToSnn.convert(model, ConvertOptions.defaults())).report().layers()) {
            if (!row.type().equals("ALWAYS_ON")) {
                assertEquals(0.0, row.weightRmsError(), row.name());
            }
        }

        double[][] x = m.randomInputs(30);
        double[][] ours = FloatModel.predict(model, x);
        float[][] k1 = (float[][]) m.weights().get("fc1").get("fc1/kernel:0");
        float[] b1 = (float[]) m.weights().get("fc1").get("fc1/bias:0");
        float[][] k2 = (float[][]) m.weights().get("out").get("out/kernel:0");
        float[] b2 = (float[]) m.weights().get("out").get("out/bias:0");
        for (int r = 0; r < x.length; r++) {
            double[] h = new double[7];
            for (int j = 0; j < 7; j++) {
                double z = b1[j];
                for (int i = 0; i < 5; i++) {
                    z += apFixed(x[r][i], 1, 6, 3, true) * k1[i][j];
                }
                h[j] = apFixed(Math.max(0, apFixed(z, 1, 8, 4, true)), 0, 5, 2, false);
            }
            for (int j = 0; j < 3; j++) {
                double z = b2[j];
                for (int i = 0; i < 7; i++) {
                    z += h[i] * k2[i][j];
                }
                assertEquals(z, ours[r][j], 1e-9, "sample " + r + " output " + j);
            }
        }
    }

    /**
     * A truncating quantizer lowers values by half a quantum on average, which a rate does not: the
     * converted neurons' bias carries that shift (the coarser of the pre-activation and output
     * quantizers decides), and a rounding one leaves the bias as it is.
     */
    @Test
    void shouldShiftTheBiasOfTruncatingLayersByHalfAQuantum() throws Exception {
        KerasTestModel m = new KerasTestModel(5, 9);
        m.dense("fc1", 7, "linear");
        quantizer(m, "q_acc", "WRAP", 1, 8, 4);
        m.activation("relu1", "relu");
        quantizer(m, "q_out", "SAT", 0, 5, 2);
        m.dense("out", 3, "linear");
        m.layer("FixedPointQuantizer", "q_logit").put("RND", "RND").put("SAT", "SAT").putArray("shape").add(1).add(1);
        m.weights().put("q_logit", widths("q_logit", 1, 10, 6));
        Path json = dir.resolve("trn.json");
        Files.writeString(json, m.json());
        Path weights = dir.resolve("trn_weights.h5");
        m.writeWeights(weights);
        AnnModel model = KerasImporter.load(json, weights);
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults());
        float[] b1 = (float[]) m.weights().get("fc1").get("fc1/bias:0");
        float[] b2 = (float[]) m.weights().get("out").get("out/bias:0");
        Ensemble hidden = net.ensembles().get(0);
        int copies = ConvertOptions.DEFAULT_REPLICAS;
        // q_acc truncates to 1/16, q_out to 1/8 (the coarser: -1/16); lambda is 4, the power of two
        // above q_out's largest value 31/8, and a neuron fires once a step at lambda.
        for (int n = 0; n < hidden.n(); n++) {
            assertEquals((b1[n / copies] - 1 / 16.0) / 4.0, hidden.bias()[n], 1e-12, "fc1 neuron " + n);
        }
        Ensemble readout = net.ensembles().get(1);
        for (int j = 0; j < 3; j++) {
            assertEquals(b2[j], readout.bias()[j], 1e-12, "RND needs no shift: output " + j);
        }
    }

    @Test
    void shouldRefuseBitWidthsThatFitNeitherOneValueNorTheLayer() throws Exception {
        KerasTestModel m = new KerasTestModel(4, 9);
        m.dense("fc1", 6, "linear");
        m.layer("FixedPointQuantizer", "q").put("RND", "TRN").put("SAT", "WRAP");
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("q/keep_negative:0", new byte[] {1, 1, 1});
        t.put("q/bits:0", new byte[] {4, 4, 4});
        t.put("q/integers:0", new byte[] {1, 1, 1});
        m.weights().put("q", t);
        m.dense("out", 2, "linear");
        Path json = dir.resolve("bad.json");
        Files.writeString(json, m.json());
        Path weights = dir.resolve("bad_weights.h5");
        m.writeWeights(weights);
        LoihiException e = assertThrows(LoihiException.class, () -> KerasImporter.load(json, weights));
        assertEquals(CompilerErrors.KERAS_SHAPE_MISMATCH, e.code());
        assertTrue(e.getMessage().contains("layer=q"), e.getMessage());
    }
}
