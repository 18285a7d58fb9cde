package dev.loihi.cli.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.host.EmulatorPredictor;
import dev.loihi.host.Evaluation;
import dev.loihi.host.Workload;
import dev.loihi.host.DataFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The targets on every zoo model, without tuning flags: each model is trained, saved as
 * Keras files, loaded by the real importer, calibrated on its training inputs by the search and
 * run on the bit-exact emulator on 1,000 test inputs whose float predictions cover every class.
 */
class ConversionZooTest {
    @TempDir
    static Path dir;

    static Stream<String> models() {
        return ModelZoo.all().stream().map(ModelZoo::name);
    }

    @ParameterizedTest
    @MethodSource("models")
    void shouldAgreeWithTheFloatModelWithoutFlags(String name) {
        ModelZoo model = ModelZoo.all().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        ModelZoo.Files f = model.write(dir);
        Workload work = Workload.load(f.model(), f.weights(), f.calibration(), 1, ConvertOptions.defaults());
        double[][] x = DataFiles.matrix(f.test());
        int[] labels = DataFiles.labels(f.labels(), x.length);
        int[] reference = work.floatPredictions(x);
        assertEquals(model.classes(), Arrays.stream(reference).distinct().count(), "float predictions cover every class");
        double floatAccuracy = Evaluation.agreement(reference, labels);

        EmulatorPredictor emulator = new EmulatorPredictor();
        int[] at50 = classes(emulator.readout(work.image(), x, 50));
        int[] at200 = classes(emulator.readout(work.image(), x, 200));
        double agree50 = Evaluation.agreement(at50, reference);
        double agree200 = Evaluation.agreement(at200, reference);
        double accuracy200 = Evaluation.agreement(at200, labels);
        String summary = String.format("%s: agreement %.3f at 50 steps, %.3f at 200; accuracy %.3f, float %.3f", name,
                agree50, agree200, accuracy200, floatAccuracy);
        assertTrue(agree200 >= 0.99, summary);
        assertTrue(agree50 >= 0.97, summary);
        // keeps the float model's accuracy: at most half a point below it (a few disagreements may land on the right class)
        assertTrue(accuracy200 >= floatAccuracy - 0.005, summary);
    }

    private static int[] classes(double[][] readout) {
        return Arrays.stream(readout).mapToInt(Evaluation::classOf).toArray();
    }
}
