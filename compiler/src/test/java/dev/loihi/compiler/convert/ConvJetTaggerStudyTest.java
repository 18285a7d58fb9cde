package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opt-in study (docs/CONVERSION.md, "The conv jet tagger (fourth pass)"): the rate code's own
 * ceiling on the conv jet tagger, the float surrogate at several percentiles and copies, with
 * no integer mapping. {@code -Dloihi.jet.study=DIR}, DIR holding jet_cal.npy and jet_test.npy
 * (the jet-like images of {@code ConvInputSetsTest}); prints one line per setting.
 */
class ConvJetTaggerStudyTest {
    private static final int[] STEPS = {50, 200};

    @Test
    void shouldPrintTheSurrogateCeilingPerPercentileAndCopies() {
        String dir = System.getProperty("loihi.jet.study");
        Assumptions.assumeTrue(dir != null, "opt-in: -Dloihi.jet.study=DIR");
        Path json = Fixtures.find("keras_conv/jetTagger_Conv2D_Small_NoBatchNorm.json").orElseThrow();
        Path weights = Fixtures.find("keras_conv/jetTagger_Conv2D_Small_NoBatchNorm_weights.h5").orElseThrow();
        AnnModel model = KerasImporter.load(json, weights);
        double[][] cal = NpyReader.read(Path.of(dir, "jet_cal.npy")).toMatrix();
        double[][] test = NpyReader.read(Path.of(dir, "jet_test.npy")).toMatrix();
        int[] expected = argmax(FloatModel.predict(model, test));
        int[] perClass = new int[5];
        for (int c : expected) {
            perClass[c]++;
        }
        System.out.println("float predictions per class: " + java.util.Arrays.toString(perClass));
        double[] percentiles = {99.9, 99.99, 100};
        for (int replicas : new int[] {1, 3, 5, 8}) {
            for (int copies : new int[] {4, 8}) {
                ConvertOptions options = ConvertOptions.defaults().withCalibration(cal).withReplicas(replicas)
                        .withInputCopies(copies);
                var surrogates = RateCodeSurrogate.of(model, options, percentiles);
                for (int p = 0; p < percentiles.length; p++) {
                    double[][][] out = surrogates.get(p).readouts(test, STEPS);
                    StringBuilder line = new StringBuilder("surrogate percentile " + percentiles[p] + " replicas "
                            + replicas + " input copies " + copies + ":");
                    for (int k = 0; k < STEPS.length; k++) {
                        line.append(String.format(" %d steps %.3f", STEPS[k], agreement(expected, argmax(out[k]))));
                    }
                    System.out.println(line);
                }
            }
        }
        assertEquals(test.length, expected.length);
    }

    static int[] argmax(double[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 1; j < rows[i].length; j++) {
                if (rows[i][j] > rows[i][out[i]]) {
                    out[i] = j;
                }
            }
        }
        return out;
    }

    static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return same / (double) a.length;
    }
}
