package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native library's file: one per content, reused, repaired when damaged, safe to race for. */
class NativeLibraryFileTest {
    @TempDir
    Path tmp;

    private static byte[] library(long seed) {
        byte[] bytes = new byte[10_000];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void shouldWriteOneFilePerContentAndReuseIt() throws Exception {
        Path first = NativeLibraryFile.extract(library(1), tmp, "lib");
        long written = Files.getLastModifiedTime(first).toMillis();
        Path again = NativeLibraryFile.extract(library(1), tmp, "lib");
        Path other = NativeLibraryFile.extract(library(2), tmp, "lib");
        assertEquals(first, again);
        assertEquals(written, Files.getLastModifiedTime(again).toMillis());
        assertNotEquals(first, other);
        assertArrayEquals(library(1), Files.readAllBytes(first));
        assertArrayEquals(library(2), Files.readAllBytes(other));
        try (Stream<Path> files = Files.list(first.getParent())) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void shouldRewriteAFileThatIsNotWhole() throws Exception {
        Path file = NativeLibraryFile.extract(library(3), tmp, "lib");
        Files.write(file, new byte[] {1, 2, 3});
        assertEquals(file, NativeLibraryFile.extract(library(3), tmp, "lib"));
        assertArrayEquals(library(3), Files.readAllBytes(file));
    }

    @Test
    void shouldGiveRacingLoadersTheWholeFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> paths = new ArrayList<>();
            for (int k = 0; k < 32; k++) {
                paths.add(pool.submit(() -> NativeLibraryFile.extract(library(4), tmp, "lib")));
            }
            Path expected = paths.get(0).get();
            for (Future<Path> p : paths) {
                assertEquals(expected, p.get());
            }
            assertArrayEquals(library(4), Files.readAllBytes(expected));
            try (Stream<Path> files = Files.list(expected.getParent())) {
                assertEquals(1, files.count());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
