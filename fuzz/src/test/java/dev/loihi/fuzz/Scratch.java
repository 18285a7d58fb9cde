package dev.loihi.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decoders that take a path get the fuzz input as a file in one scratch folder per JVM, under
 * java.io.tmpdir (target/tmp in this module), overwritten on every run.
 */
final class Scratch {
    private static final Path DIR = create();

    private Scratch() {}

    static Path dir() {
        return DIR;
    }

    static Path write(String name, byte[] bytes) {
        Path file = DIR.resolve(name);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Path create() {
        try {
            return Files.createTempDirectory("loihi-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
