package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a model file holds, decided by its first bytes rather than its name, since users rename
 * files freely (a full model saved as {@code .hdf5}, a JSON architecture as {@code .txt}).
 */
public enum KerasFileKind {
    /** An HDF5 file: a full model from {@code model.save("m.h5")} or a weights file. */
    HDF5,
    /** A zip archive: a Keras 3 {@code .keras} model. */
    ZIP,
    /** A JSON document: an architecture from {@code model.to_json()}. */
    JSON,
    UNKNOWN;

    /** HDF5 allows a user block of 512, 1024, 2048... bytes before the signature. */
    private static final int HEAD_BYTES = 1 << 16;
    private static final byte[] ZIP_LOCAL_HEADER = {'P', 'K', 3, 4};

    public static KerasFileKind of(Path file) {
        byte[] head;
        long size;
        dev.loihi.common.InputFiles.requireRegular(file, CompilerErrors.KERAS_BAD_FILE, "model file");
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            head = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "cannot read model file: file=" + file
                    + ", reason=" + e.getClass().getSimpleName());
        }
        return of(head, size);
    }

    public static KerasFileKind of(byte[] head, long size) {
        if (HdfAccess.isHdf5(head, size)) {
            return HDF5;
        }
        if (head.length >= 4 && head[0] == ZIP_LOCAL_HEADER[0] && head[1] == ZIP_LOCAL_HEADER[1]
                && head[2] == ZIP_LOCAL_HEADER[2] && head[3] == ZIP_LOCAL_HEADER[3]) {
            return ZIP;
        }
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < head.length && Character.isWhitespace(head[i])) {
            i++;
        }
        return i < head.length && head[i] == '{' ? JSON : UNKNOWN;
    }
}
