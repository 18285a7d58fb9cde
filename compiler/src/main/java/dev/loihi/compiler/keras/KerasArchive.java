package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The parts of a Keras 3 {@code .keras} zip the importer reads: {@code config.json} (the model
 * config) and {@code model.weights.h5} (the weights, Keras 3 layout); {@code metadata.json}
 * only records the Keras version and is not needed.
 *
 * @param weights the bytes of {@code model.weights.h5}, or null when the archive has none
 */
record KerasArchive(String config, byte[] weights) {
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    /** A model config is kilobytes; far more is not one. */
    static final long MAX_CONFIG_BYTES = 64L << 20;
    /**
     * Weights of a model that fits the largest system are far below this; the bound keeps a small
     * archive that inflates to gigabytes from taking the JVM's memory (checked while inflating,
     * since the sizes an archive declares are its own word).
     */
    static final long MAX_WEIGHTS_BYTES = 256L << 20;

    static KerasArchive read(Path file) {
        dev.loihi.common.InputFiles.requireRegular(file, CompilerErrors.KERAS_BAD_FILE, ".keras archive");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry config = zip.getEntry(CONFIG);
            if (config == null) {
                throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, ".keras archive has no " + CONFIG + ": file=" + file);
            }
            String text = new String(bytes(zip, config, MAX_CONFIG_BYTES, file), StandardCharsets.UTF_8);
            ZipEntry weights = zip.getEntry(WEIGHTS);
            if (weights == null && zip.getEntry("model.weights.npz") != null) {
                throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, ".keras archive stores weights as npz, only h5 is read: file=" + file);
            }
            return new KerasArchive(text, weights == null ? null : bytes(zip, weights, MAX_WEIGHTS_BYTES, file));
        } catch (IOException e) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "corrupt or truncated .keras archive: file=" + file
                    + ", reason=" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static byte[] bytes(ZipFile zip, ZipEntry entry, long maxBytes, Path file) throws IOException {
        // Inflated once to count, discarding, before anything is kept: a bomb costs time, not memory.
        long size = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] skip = new byte[64 * 1024];
            for (int n; (n = in.read(skip)) > 0; ) {
                size += n;
                if (size > maxBytes) {
                    throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, ".keras archive entry inflates beyond its limit: file="
                            + file + ", entry=" + entry.getName() + ", max=" + maxBytes);
                }
            }
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readNBytes((int) size);
        }
    }
}
