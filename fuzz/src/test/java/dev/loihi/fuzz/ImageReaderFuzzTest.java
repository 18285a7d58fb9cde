package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.emulator.Emulator;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;

/**
 * Register image files byte for byte, then loaded into the emulator as a board would: the
 * reader and validator either accept the image or throw an IMAGE_* LoihiException.
 */
class ImageReaderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        Rejection.check(() -> {
            Image image = ImageReader.read(bytes, "fuzz.img");
            Emulator.load(image);
        });
    }
}
