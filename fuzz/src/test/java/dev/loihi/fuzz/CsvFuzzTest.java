package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.compiler.io.CsvReader;

/** CSV data files, read from disk as the CLI reads them. */
class CsvFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        Rejection.check(() -> CsvReader.read(Scratch.write("fuzz.csv", bytes)));
    }
}
