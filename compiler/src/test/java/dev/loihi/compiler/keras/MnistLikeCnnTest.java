package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.calibrate.CalibrationSearch;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.io.DigitImages;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.compiler.report.LayerRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CNN with 32 filters in its first 3x3 layer on 28 x 28 inputs ({@link MnistLikeCnn}) fits on
 * one chip: its second convolution (the first pool folded in) runs on shared weight lists that
 * take a fraction of the synapse memory discrete axons would. With {@code -Dloihi.cnn.out=DIR}
 * the model and the digit images are also written there for {@code loihi evaluate}.
 * It compiles 21,632 + 1,936 neurons through dense float matrices (the host-fed first layer has
 * no shared form), which takes minutes, so it runs only when asked for.
 */
class MnistLikeCnnTest {
    private static final long SEED = 5;

    @TempDir
    Path dir;

    /** Minutes of compilation on a shared machine: runs with -Dloihi.cnn=true (or -Dloihi.cnn.out=DIR). */
    @Test
    void shouldFitOnOneChipWithSharedWeights() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("loihi.cnn") || System.getProperty("loihi.cnn.out") != null,
                "slow: set -Dloihi.cnn=true");
        double[][] train = DigitImages.draw(2000, 1);
        KerasTestModel cnn = MnistLikeCnn.build(SEED, train, DigitImages.labels(train.length));
        Path out = System.getProperty("loihi.cnn.out") == null ? dir : Path.of(System.getProperty("loihi.cnn.out"));
        Files.createDirectories(out);
        Path file = out.resolve("mnist_like_cnn.h5");
        cnn.writeFullModel(file);
        double[][] calibration = DigitImages.draw(500, 2);
        double[][] test = DigitImages.draw(1000, 3);
        NpyWriter.write(out.resolve("digits_calibration.npy"), calibration, 28, 28, 1);
        NpyWriter.write(out.resolve("digits_test.npy"), test, 28, 28, 1);
        NpyWriter.write(out.resolve("digits_test_labels.npy"), Arrays.stream(DigitImages.labels(test.length)).asLongStream().toArray());

        AnnModel model = KerasImporter.load(file, null);
        double[][] predictions = FloatModel.predict(model, test);
        int[] perClass = new int[10];
        int correct = 0;
        for (int i = 0; i < test.length; i++) {
            int p = KerasFixtureImportTest.argmax(predictions[i]);
            perClass[p]++;
            correct += p == i % 10 ? 1 : 0;
        }
        assertTrue(Arrays.stream(perClass).allMatch(n -> n > 0), "float predictions cover every class: " + Arrays.toString(perClass));
        assertTrue(correct > 0.9 * test.length, "the readout classifies the digits: " + correct);

        // The default conversion at a forced percentile: the copies CopyBudget allows, fewer while the chip does not hold them.
        ConvertOptions options = ConvertOptions.defaults().withCalibration(calibration).withPercentile(100);
        CalibrationSearch.Result converted = CalibrationSearch.convert(model, options, CompileOptions.defaults(), null);
        CompileResult result = converted.compiled();
        // (2, 2) is within half a chip's neurons but needs 129 cores: the search falls back to one copy
        assertEquals(1, converted.report().replicas());
        assertEquals(1, converted.report().inputCopies());
        assertEquals(1, result.report().utilization().chipsUsed());
        LayerRow conv2 = result.report().layers().stream().filter(l -> l.name().equals("conv2")).findFirst().orElseThrow();
        System.out.println(result.report().toSummary());
        assertTrue(conv2.synapseBits() * 2 < conv2.denseSynapseBits(), "shared lists take less than half: " + conv2);
    }
}
