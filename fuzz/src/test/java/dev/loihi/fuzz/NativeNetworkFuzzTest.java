package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.compiler.nativefmt.NativeNetworkParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The native network text format (docs/NATIVE_FORMAT.md). The .npy files the seed names
 * (w.npy, bias.npy) exist in the base folder, so mutations reach the shape checks too.
 */
class NativeNetworkFuzzTest {
    private static final Path BASE;

    static {
        BASE = Scratch.dir();
        Specimens.nativeCompanions(BASE);
    }

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Rejection.check(() -> NativeNetworkParser.parse(text, BASE, "fuzz.net", "fuzz"));
    }
}
