package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.RawNetwork;
import dev.loihi.emulator.RawNetworkReader;
import java.nio.charset.StandardCharsets;

/**
 * Raw networks in chip units (RAW_FORMAT.md): read, validated, loaded, and run when short, so
 * the loader and the input schedule see every network the reader accepts.
 */
class RawNetworkFuzzTest {
    /** Longer runs are the user's choice of work, not a decoder property. */
    private static final int MAX_STEPS_RUN = 64;

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        String json = new String(bytes, StandardCharsets.UTF_8);
        Rejection.check(() -> {
            RawNetwork raw = RawNetworkReader.read(json, "fuzz.json");
            if (raw.steps() <= MAX_STEPS_RUN) {
                Emulator.runRaw(raw);
            } else {
                Emulator.load(raw);
            }
        });
    }
}
