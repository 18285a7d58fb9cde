package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.convert.RateCodeSurrogate;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.ConversionReport.CandidateScore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SurrogateSearchTest {
    @Test
    void shouldScoreEveryCandidateOnTheSurrogateAndCompileTheBest() {
        Random r = new Random(5);
        AnnModel model = new AnnModel("m", 4, List.of(layer("h", 4, 10, Activation.RELU, r),
                layer("out", 10, 3, Activation.SOFTMAX, r)));
        double[][] x = new double[300][4];
        for (double[] row : x) {
            for (int k = 0; k < row.length; k++) {
                row[k] = r.nextGaussian();
            }
        }
        ConvertOptions options = AnnToSnn.fitted(model, ConvertOptions.defaults().withCalibration(x));
        CalibrationSearch.Result result = SurrogateSearch.convert(model, options, CompileOptions.defaults(),
                CalibrationSearch.floatReadout(model, x));

        ConversionReport report = result.report();
        assertEquals(ConversionReport.SURROGATE, report.method());
        assertEquals(CalibrationSearch.PERCENTILES.length, report.candidates().size());
        CandidateScore chosen = report.candidates().stream().filter(CandidateScore::chosen).findFirst().orElseThrow();
        assertEquals(1, report.candidates().stream().filter(CandidateScore::chosen).count());
        assertEquals(chosen.percentile(), report.percentile());
        assertTrue(report.candidates().stream().allMatch(c -> c.score() <= chosen.score() && c.inputs() == 300));
        assertTrue(result.compiled().image().metadata().contains("\"surrogate\""));
        // a model this small stays on the emulator search
        assertFalse(SurrogateSearch.applies(model, options));
        assertTrue(RateCodeSurrogate.weights(model, options) < SurrogateSearch.MIN_WEIGHTS);
    }

    private static DenseLayer layer(String name, int in, int units, Activation activation, Random r) {
        double[][] kernel = new double[in][units];
        for (double[] row : kernel) {
            for (int j = 0; j < units; j++) {
                row[j] = r.nextGaussian() / Math.sqrt(in);
            }
        }
        return new DenseLayer(name, kernel, new double[units], activation);
    }
}
