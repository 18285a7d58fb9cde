package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.io.NpyWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java API example, line for line, on the shared jet tagger. */
class JavaApiExampleTest {
    @TempDir
    Path dir;

    @Test
    void shouldRunTheReadmeExample() {
        Path json = fixture("keras/KERAS_3layer.json");
        Path weights = fixture("keras/KERAS_3layer_weights.h5");
        Random random = new Random(7);
        double[][] inputs = new double[40][16];
        for (double[] row : inputs) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian();
            }
        }
        Path x = dir.resolve("x.npy");
        NpyWriter.write(x, inputs);

        // --- as in README.md, "Java API"
        Workload work = Workload.load(json, weights, x, 1, ConvertOptions.defaults());
        double[][] rows = DataFiles.matrix(x);
        try (ChipRunner chip = ChipRunner.inProcess(work)) {
            Evaluation.Outcome out = chip.classify(rows, 200);
            int[] predictions = out.predictions();
            double agreement = Evaluation.agreement(predictions, work.floatPredictions(rows));
            // --- end of the example
            assertEquals(rows.length, predictions.length);
            assertTrue(agreement >= 0.95, "agreement=" + agreement);
        }
    }

    private static Path fixture(String relative) {
        Optional<Path> p = Fixtures.find(relative);
        Assumptions.assumeTrue(p.isPresent(), "fixture absent: " + relative);
        return p.get();
    }
}
