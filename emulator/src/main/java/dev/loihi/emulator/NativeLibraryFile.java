package dev.loihi.emulator;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The native library's bytes as a file {@link System#load} can open: written once per content to
 * {@code <dir>/loihi-<user>/<name>-<sha-256 prefix>.so} and reused by every later JVM, rather than
 * a new temporary file per process that outlives it (JVMs killed by a test run or a timeout never
 * delete theirs). A file already there is loaded only if its bytes are these; otherwise (a
 * half-written or stale file) it is written again. Writing goes to a private temporary file moved
 * into place in one rename, so parallel JVMs either find the whole file or replace it with the
 * same bytes; a JVM that loaded the old file keeps its mapping.
 */
final class NativeLibraryFile {
    /** Hex digits of the content's SHA-256 in the file name: enough to tell builds apart. */
    private static final int HASH_DIGITS = 16;

    private NativeLibraryFile() {}

    /** The file holding {@code bytes} under {@code tmpdir}, written now if it is not there whole. */
    static Path extract(byte[] bytes, Path tmpdir, String name) throws IOException {
        Path dir = ownDirectory(tmpdir);
        Path file = dir.resolve(name + "-" + hashPrefix(bytes) + ".so");
        if (holds(file, bytes)) {
            return file;
        }
        Path partial = Files.createTempFile(dir, name, ".part");
        try {
            Files.write(partial, bytes);
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        return file;
    }

    /** {@code <tmpdir>/loihi-<user>}, readable by this user alone where the file system has POSIX permissions. */
    private static Path ownDirectory(Path tmpdir) throws IOException {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        Path dir = tmpdir.resolve("loihi-" + user);
        if (!Files.isDirectory(dir)) {
            try {
                if (tmpdir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectory(dir,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(dir);
                }
            } catch (FileAlreadyExistsException e) {
                // another JVM made it meanwhile
            }
        }
        return dir;
    }

    private static boolean holds(Path file, byte[] bytes) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) == bytes.length
                && Arrays.equals(Files.readAllBytes(file), bytes);
    }

    private static String hashPrefix(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest).substring(0, HASH_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
