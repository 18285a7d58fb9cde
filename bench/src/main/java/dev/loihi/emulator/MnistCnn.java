package dev.loihi.emulator;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.io.DigitImages;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.image.Image;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The MNIST-size CNN of the fixtures ({@code keras_quantized/hgq_mnist_homogeneous.h5}: HGQ
 * Conv2D 4 3x3, MaxPooling 2x2, Conv2D 4 3x3, MaxPooling 2x2, Dense 32, Dense 10 on 28 x 28)
 * compiled with the default conversion, calibrated on the project's drawn digits.
 */
final class MnistCnn {
    static final String MODEL = "keras_quantized/hgq_mnist_homogeneous.h5";

    private MnistCnn() {}

    /** The compiled image; fails with a one-line reason when the fixtures are absent. */
    static Image compile() {
        Optional<Path> file = Fixtures.find(MODEL);
        if (file.isEmpty()) {
            throw new IllegalStateException("skipped: fixture " + MODEL + " not found under " + Fixtures.root()
                    + " (set -Dloihi.fixtures=PATH)");
        }
        ConvertOptions options = ConvertOptions.defaults().withCalibration(DigitImages.draw(200, 2));
        return Compiler.compile(AnnToSnn.convert(KerasImporter.load(file.get(), null), options)).image();
    }
}
