package dev.loihi.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reading a file named by a user, safely: only a regular file (a FIFO may never end or never
 * answer, a device like {@code /dev/zero} never ends, a directory is no file), and no larger than
 * the reader can hold, checked before any byte is read. Each reader passes its own error code.
 */
public final class InputFiles {
    /** Java arrays stop just short of 2 GiB. */
    public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private InputFiles() {}

    /** {@code code} when {@code file} is not a regular file (following links); says what it is instead. */
    public static void requireRegular(Path file, String code, String what) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new LoihiException(code, "cannot read " + what + ": file=" + MessageText.printable(file.toString())
                    + ", reason=" + e.getClass().getSimpleName());
        }
        if (!a.isRegularFile()) {
            String kind = a.isDirectory() ? "directory" : a.isSymbolicLink() ? "link"
                    : Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? "file" : "fifo, socket or device";
            throw new LoihiException(code, what + " is not a regular file: file=" + MessageText.printable(file.toString())
                    + ", kind=" + kind);
        }
    }

    /** The bytes of regular file {@code file} of at most {@code maxBytes}; {@code code} otherwise. */
    public static byte[] readAll(Path file, long maxBytes, String code, String what) {
        requireRegular(file, code, what);
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new LoihiException(code, what + " too large: file=" + MessageText.printable(file.toString())
                        + ", bytes=" + size + ", max=" + maxBytes);
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > maxBytes) {
                throw new LoihiException(code, what + " grew while read: file=" + MessageText.printable(file.toString())
                        + ", bytes=" + bytes.length + ", max=" + maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new LoihiException(code, "cannot read " + what + ": file=" + MessageText.printable(file.toString())
                    + ", reason=" + e.getClass().getSimpleName());
        } catch (OutOfMemoryError e) {
            throw new LoihiException(code, what + " too large for this JVM's memory: file="
                    + MessageText.printable(file.toString()) + ", max=" + Runtime.getRuntime().maxMemory());
        }
    }

    /** As {@link #readAll}, as UTF-8 text. */
    public static String readText(Path file, long maxBytes, String code, String what) {
        return new String(readAll(file, maxBytes, code, what), java.nio.charset.StandardCharsets.UTF_8);
    }
}
