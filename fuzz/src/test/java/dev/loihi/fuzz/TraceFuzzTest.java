package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.emulator.TraceReader;
import java.nio.charset.StandardCharsets;

/** Emulator traces (RAW_FORMAT.md), as read back to compare runs. */
class TraceFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        String json = new String(bytes, StandardCharsets.UTF_8);
        Rejection.check(() -> TraceReader.read(json, "fuzz-trace.json"));
    }
}
