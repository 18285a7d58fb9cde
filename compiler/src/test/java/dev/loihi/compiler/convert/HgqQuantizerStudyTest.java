package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.io.DigitImages;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.keras.ValueQuantizer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the HGQ MNIST CNN's value quantizers decide (docs/CONVERSION.md, "The HGQ MNIST CNN"),
 * in double precision on drawn digits: the model a rate code computes (every value quantizer
 * left out, values clipped at the quantizers' largest values) against the quantized reference,
 * then the same with {@link RoundingBias}'s shifts, then with the WRAP of h_dense_2's input
 * applied exactly. A measurement, opt-in ({@code -Dloihi.hgq.study=true}, about a minute): it
 * prints the agreements and checks that the shift never loses agreement.
 */
class HgqQuantizerStudyTest {
    private static final int DIGITS = 300;

    @Test
    void shouldAgreeBetterWithTheRoundingShiftOnEverySet() {
        Assumptions.assumeTrue(Boolean.getBoolean("loihi.hgq.study"), "opt-in: -Dloihi.hgq.study=true");
        Optional<Path> file = Fixtures.find("keras_quantized/hgq_mnist_homogeneous.h5");
        Assumptions.assumeTrue(file.isPresent(), "fixture absent");
        AnnModel model = KerasImporter.load(file.get(), null);
        Map<String, double[]> shifts = RoundingBias.shifts(model);
        for (long seed : new long[] {3, 4, 5}) {
            double[][] x = DigitImages.draw(DIGITS, seed);
            double[][] reference = FloatModel.predict(model, x);
            double unrounded = agreement(model, x, reference, Map.of(), false);
            double shifted = agreement(model, x, reference, shifts, false);
            double wrapped = agreement(model, x, reference, shifts, true);
            System.out.printf("seed %d: unrounded %.3f, shifted %.3f, shifted with WRAP %.3f%n", seed, unrounded,
                    shifted, wrapped);
            assertTrue(unrounded < 1.0, "the quantizers decide some digits");
            assertTrue(shifted >= unrounded, "seed " + seed + ": shifted " + shifted + " < " + unrounded);
        }
    }

    private static double agreement(AnnModel model, double[][] x, double[][] reference, Map<String, double[]> shifts,
                                    boolean wrapExactly) {
        int same = 0;
        for (int s = 0; s < x.length; s++) {
            same += argmax(rateModel(model, x[s], shifts, wrapExactly)) == argmax(reference[s]) ? 1 : 0;
        }
        return same / (double) x.length;
    }

    /** The values a rate carries: nothing rounded, each quantizer's range a clip, the shifts in the bias. */
    private static double[] rateModel(AnnModel model, double[] x, Map<String, double[]> shifts, boolean wrapExactly) {
        double[] a = x;
        for (DenseLayer layer : model.layers()) {
            LayerQuantizers q = layer.quantizers();
            a = q.input() != null && wrapExactly ? exactly(q.input(), a) : clipped(q.input(), a);
            double[] z = FloatModel.affine(layer, a);
            double[] shift = shifts.get(layer.name());
            for (int j = 0; shift != null && j < z.length; j++) {
                z[j] += shift[j];
            }
            a = clipped(q.afterActivation(), FloatModel.apply(layer.activation(), clipped(q.beforeActivation(), z)));
        }
        return a;
    }

    private static double[] clipped(ValueQuantizer q, double[] v) {
        double[] out = v.clone();
        for (int i = 0; q != null && i < out.length; i++) {
            out[i] = Math.min(out[i], q.maxOutput());
        }
        return out;
    }

    private static double[] exactly(ValueQuantizer q, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = q.apply(v[i], i);
        }
        return out;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
