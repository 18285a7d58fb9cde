package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RawNetworkWriterTest {

    static LongStream seeds() {
        return LongStream.range(1, 21);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldReadBackWhatItWrote(long seed) {
        RawNetwork raw = RandomRawNetworks.generate(seed, seed % 2 == 0);
        assertEquals(raw, RawNetworkReader.read(RawNetworkWriter.toJson(raw), "round-trip.json"));
    }

    @Test
    void shouldWriteUniformRegisterAsOneNumber() {
        RawNetwork raw = new RawNetwork(3, java.util.List.of(RawBlock.uniform("A", 3, 4095, 0, 10, 0, 0, 1, 0, 7)),
                java.util.List.of(), java.util.List.of());
        assertTrue(RawNetworkWriter.toJson(raw).contains("\"decay_u\": 4095,"), RawNetworkWriter.toJson(raw));
    }

    @Test
    void shouldWriteSameBytesForSameNetwork(@TempDir Path dir) throws Exception {
        RawNetwork raw = RandomRawNetworks.generate(7, false);
        RawNetworkWriter.write(raw, dir.resolve("a.json"));
        RawNetworkWriter.write(RawNetworkReader.read(dir.resolve("a.json")), dir.resolve("b.json"));
        assertEquals(java.nio.file.Files.readString(dir.resolve("a.json")), java.nio.file.Files.readString(dir.resolve("b.json")));
    }
}
