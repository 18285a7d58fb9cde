package dev.loihi.compiler.keras;

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

    static KerasArchive read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry config = zip.getEntry(CONFIG);
            if (config == null) {
                throw new LoihiException(KerasErrors.BAD_FILE, ".keras archive has no " + CONFIG + ": file=" + file);
            }
            String text = new String(bytes(zip, config), StandardCharsets.UTF_8);
            ZipEntry weights = zip.getEntry(WEIGHTS);
            if (weights == null && zip.getEntry("model.weights.npz") != null) {
                throw new LoihiException(KerasErrors.BAD_FILE, ".keras archive stores weights as npz, only h5 is read: file=" + file);
            }
            return new KerasArchive(text, weights == null ? null : bytes(zip, weights));
        } catch (IOException e) {
            throw new LoihiException(KerasErrors.BAD_FILE, "corrupt or truncated .keras archive: file=" + file
                    + ", reason=" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static byte[] bytes(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }
}
