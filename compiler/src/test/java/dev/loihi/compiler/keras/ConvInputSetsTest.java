package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.io.DigitImages;
import dev.loihi.compiler.io.NpyWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The input sets the conv fixtures are measured on make their float models predict every
 * class (docs/CONVERSION.md, "Convolutions"). With {@code -Dloihi.cnn.out=DIR} the sets are
 * also written there as .npy for {@code loihi evaluate}.
 */
class ConvInputSetsTest {
    @Test
    void jetImagesShouldSpreadTheConvJetTaggerOverEveryClass() throws Exception {
        AnnModel model = KerasFixtures.loadConv(KerasFixtures.JET_CONV2D);
        double[][] test = JetImages.draw(1000, 1);
        int[] perClass = perClass(model, test);
        assertTrue(Arrays.stream(perClass).allMatch(n -> n >= 10), "every class at least 1%: " + Arrays.toString(perClass));
        // The standard-normal images the issue names give one class only.
        assertTrue(Arrays.stream(perClass(model, KerasFixtureImportTest.standardNormal(300, 625, 1))).filter(n -> n > 0).count() == 1);
        write("jet_conv_test.npy", test, JetImages.SIZE, JetImages.SIZE, 1);
        write("jet_conv_calibration.npy", JetImages.draw(2000, 2), JetImages.SIZE, JetImages.SIZE, 1);
    }

    @Test
    void digitImagesShouldSpreadTheHgqMnistCnnOverEveryClass() throws Exception {
        Optional<Path> file = Fixtures.find("keras_quantized/hgq_mnist_homogeneous.h5");
        Assumptions.assumeTrue(file.isPresent(), "fixture absent");
        AnnModel model = KerasImporter.load(file.get(), null);
        double[][] test = DigitImages.draw(1000, 3);
        int[] perClass = perClass(model, test);
        assertTrue(Arrays.stream(perClass).allMatch(n -> n >= 10), "every class at least 1%: " + Arrays.toString(perClass));
        write("digits_test.npy", test, DigitImages.SIZE, DigitImages.SIZE, 1);
        write("digits_calibration.npy", DigitImages.draw(500, 2), DigitImages.SIZE, DigitImages.SIZE, 1);
    }

    private static int[] perClass(AnnModel model, double[][] x) {
        double[][] p = FloatModel.predict(model, x);
        int[] perClass = new int[model.outputSize()];
        for (double[] row : p) {
            perClass[KerasFixtureImportTest.argmax(row)]++;
        }
        return perClass;
    }

    private static void write(String name, double[][] rows, int... shape) throws Exception {
        String out = System.getProperty("loihi.cnn.out");
        if (out != null) {
            Files.createDirectories(Path.of(out));
            NpyWriter.write(Path.of(out).resolve(name), rows, shape);
        }
    }
}
