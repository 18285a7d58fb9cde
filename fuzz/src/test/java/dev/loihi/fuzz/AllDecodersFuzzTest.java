package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every decoder behind one fuzz test: the first byte picks the decoder, the rest is its input.
 * Jazzer fuzzes one test per JVM, and a JVM with the agent takes seconds to start, so this is
 * what the build's short fuzzing run drives (one JVM for all formats); the per-format tests
 * are for long runs (docs/RELIABILITY.md). Its seeds are the per-format seeds with the selector byte.
 */
class AllDecodersFuzzTest {
    /** Order is part of the seed format: append, never reorder. */
    static final List<Class<?>> TARGETS = List.of(FrameDecoderFuzzTest.class, BoardSessionFuzzTest.class,
            ImageReaderFuzzTest.class, ImageSectionsFuzzTest.class, RawNetworkFuzzTest.class, TraceFuzzTest.class,
            NpyFuzzTest.class, CsvFuzzTest.class, NativeNetworkFuzzTest.class, KerasModelFuzzTest.class,
            KerasJsonFuzzTest.class, SettingsFuzzTest.class, NirFuzzTest.class,
            HostSessionFuzzTest.class);

    private static final List<Consumer<byte[]>> DECODERS = List.of(FrameDecoderFuzzTest::decode,
            BoardSessionFuzzTest::decode, ImageReaderFuzzTest::decode, ImageSectionsFuzzTest::decode,
            RawNetworkFuzzTest::decode, TraceFuzzTest::decode, NpyFuzzTest::decode, CsvFuzzTest::decode,
            NativeNetworkFuzzTest::decode, KerasModelFuzzTest::decode, KerasJsonFuzzTest::decode,
            SettingsFuzzTest::decode, NirFuzzTest::decode,
            HostSessionFuzzTest::decode);

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        if (input.length == 0) {
            return;
        }
        DECODERS.get((input[0] & 0xFF) % DECODERS.size()).accept(Arrays.copyOfRange(input, 1, input.length));
    }
}
