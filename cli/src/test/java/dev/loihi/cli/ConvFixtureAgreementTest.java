package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.host.DataFiles;
import dev.loihi.host.EmulatorPredictor;
import dev.loihi.host.Evaluation;
import dev.loihi.host.Workload;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two small conv fixtures on the bit-exact emulator, converted at the 100th percentile (no
 * search, so the test stays cheap) with the integrator leak compensated: agreement with the
 * float model at 200 steps on seeded standard-normal inputs whose float predictions cover every
 * class. docs/CONVERSION.md, "Where the conv models lose accuracy", has the figures.
 */
class ConvFixtureAgreementTest {
    private static final int TEST_INPUTS = 400;
    private static final int CALIBRATION_INPUTS = 500;

    @TempDir
    static Path dir;

    @ParameterizedTest
    @CsvSource({"KERAS_conv1d_small, 40, 5", "KERAS_conv2d_model, 64, 10"})
    void shouldAgreeWithTheFloatModelAt200Steps(String name, int features, int classes) {
        Path model = TestData.fixture("keras_conv/" + name + ".json");
        Path weights = TestData.fixture("keras_conv/" + name + "_weights.h5");
        Path calibration = TestData.standardNormal(dir.resolve("cal.npy"), CALIBRATION_INPUTS, features, 2);
        double[][] x = DataFiles.matrix(TestData.standardNormal(dir.resolve("x.npy"), TEST_INPUTS, features, 1));

        Workload work = Workload.load(model, weights, calibration, 1, ConvertOptions.defaults().withPercentile(100));
        int[] reference = work.floatPredictions(x);
        assertEquals(classes, Arrays.stream(reference).distinct().count(), "float predictions cover every class");
        int[] at200 = Arrays.stream(new EmulatorPredictor().readout(work.image(), x, 200))
                .mapToInt(Evaluation::classOf).toArray();
        double agreement = Evaluation.agreement(at200, reference);
        assertTrue(agreement >= 0.985, name + ": agreement " + agreement + " at 200 steps");
    }
}
