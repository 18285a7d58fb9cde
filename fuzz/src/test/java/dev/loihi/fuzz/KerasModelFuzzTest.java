package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.compiler.keras.KerasImporter;

/**
 * A Keras model file of any form the importer recognizes by its first bytes: full-model HDF5
 * (jhdf underneath), .keras zip, or architecture JSON. Seeds are a full-model HDF5 and a
 * .keras archive written by KerasWriter.
 */
class KerasModelFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        Rejection.check(() -> KerasImporter.load(Scratch.write("fuzz-model.h5", bytes), null));
    }
}
