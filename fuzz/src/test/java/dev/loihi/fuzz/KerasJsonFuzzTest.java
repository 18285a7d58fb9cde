package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.compiler.keras.KerasImporter;
import java.nio.file.Path;

/**
 * Keras architecture JSON (Keras 2 and 3 spellings) with a fixed, valid weights HDF5, so that
 * configs that parse go on to be matched against real weights.
 */
class KerasJsonFuzzTest {
    private static final Path WEIGHTS;

    static {
        WEIGHTS = Scratch.dir().resolve("weights.h5");
        Specimens.fullModelH5(WEIGHTS);
    }

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        Rejection.check(() -> KerasImporter.load(Scratch.write("fuzz-model.json", bytes), WEIGHTS));
    }
}
