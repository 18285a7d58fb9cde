package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.compiler.io.NpyReader;

/** NumPy .npy arrays (inputs, labels, calibration data, native weights): header, dtype, shape and data. */
class NpyFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        Rejection.check(() -> NpyReader.decode(bytes, "fuzz.npy"));
    }
}
