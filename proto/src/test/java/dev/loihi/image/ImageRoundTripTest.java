package dev.loihi.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageRoundTripTest {
    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldReadBackTheImageItWrote(long seed) {
        Image image = RandomImages.image(seed);
        assertEquals(image, ImageReader.read(ImageWriter.write(image), "seed-" + seed));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldWriteIdenticalBytesForTheSameImage(long seed) {
        assertArrayEquals(ImageWriter.write(RandomImages.image(seed)), ImageWriter.write(RandomImages.image(seed)));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldPackSynapseMemoryToExactlyTheCostRule(long seed) {
        for (CoreImage core : RandomImages.image(seed).cores()) {
            SynapseMemoryPacker.Packed packed = SynapseMemoryPacker.pack(core);
            assertEquals(ImageStats.synapseBits(core), 64L * packed.words().length, core.toString());
        }
    }

    @Test
    void shouldCoverEverySignModeDenseAndSparseAcrossSeeds() {
        boolean[] seen = new boolean[SignMode.values().length * 2];
        seeds().mapToObj(RandomImages::image).flatMap(i -> i.cores().stream())
                .forEach(core -> core.inputAxons().stream().filter(a -> a.synapseCount() > 0).forEach(a -> {
                    SynapseFormat f = core.synapseFormats().get(a.format());
                    seen[f.signMode().ordinal() * 2 + (f.dense() ? 1 : 0)] = true;
                }));
        for (boolean s : seen) {
            assertTrue(s, "a sign mode / density pair never carried synapses");
        }
    }

    @Test
    void shouldRoundTripThroughAFileWithoutLeavingTemporaryFiles(@TempDir Path dir) throws IOException {
        Image image = RandomImages.image(7);
        Path file = dir.resolve("net.img");
        ImageWriter.write(image, file);
        ImageWriter.write(image, file);
        assertEquals(image, ImageReader.read(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
