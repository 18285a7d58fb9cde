package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opt-in study (docs/CONVERSION.md, "The rate code's ceiling against the chip (session 18)"):
 * what the rate code itself reaches on any Keras model, the float surrogate with the
 * conversion's scales, copies, starts and ceiling and no integer mapping, at three percentiles
 * and 3, 5 and 8 replicas. {@code -Dloihi.ceiling=MODEL,WEIGHTS,CAL,TEST} (WEIGHTS {@code -} for a
 * full model); prints one line per setting, agreement with the float model at 50 and 200 steps.
 */
class RateCeilingStudyTest {
    private static final int[] STEPS = {50, 200};

    @Test
    void shouldPrintTheSurrogateCeiling() {
        String spec = System.getProperty("loihi.ceiling");
        Assumptions.assumeTrue(spec != null, "opt-in: -Dloihi.ceiling=MODEL,WEIGHTS|-,CAL,TEST");
        String[] p = spec.split(",");
        AnnModel model = KerasImporter.load(Path.of(p[0]), p[1].equals("-") ? null : Path.of(p[1]));
        double[][] cal = NpyReader.read(Path.of(p[2])).toMatrix();
        double[][] test = NpyReader.read(Path.of(p[3])).toMatrix();
        int[] expected = ConvJetTaggerStudyTest.argmax(FloatModel.predict(model, test));
        double[] percentiles = {99.9, 99.99, 100};
        for (int replicas : new int[] {3, 5, 8}) {
            ConvertOptions options = ConvertOptions.defaults().withCalibration(cal).withReplicas(replicas).withInputCopies(4);
            var surrogates = RateCodeSurrogate.of(model, options, percentiles);
            for (int q = 0; q < percentiles.length; q++) {
                double[][][] out = surrogates.get(q).readouts(test, STEPS);
                StringBuilder line = new StringBuilder("ceiling " + Path.of(p[0]).getFileName() + " percentile "
                        + percentiles[q] + " copies " + replicas + " x 4:");
                for (int k = 0; k < STEPS.length; k++) {
                    line.append(String.format(" %d steps %.3f", STEPS[k],
                            ConvJetTaggerStudyTest.agreement(expected, ConvJetTaggerStudyTest.argmax(out[k]))));
                }
                System.out.println(line);
            }
        }
        assertEquals(test.length, expected.length);
    }
}
