package dev.loihi.emulator.mailbox;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.ServerErrors;
import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The mailbox's memory: an anonymous memory file (memfd) of a fixed size, sealed so that no
 * process holding it, this one included, can shrink or grow it or lift the seals. A mapping of
 * it therefore cannot lose its pages under the reader (SIGBUS), whoever else gets the
 * descriptor. It has no name in the file system; hosts get the descriptor through
 * {@link MailboxSocket}.
 */
public final class SealedMemory implements AutoCloseable {
    /** What the board seals and what the driver requires before it maps the memory. */
    public static final int SEALS = LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW | LibC.F_SEAL_SEAL;

    private final int fd;
    private final MappedByteBuffer buffer;
    private boolean closed;

    private SealedMemory(int fd, MappedByteBuffer buffer) {
        this.fd = fd;
        this.buffer = buffer;
    }

    /** {@code bytes} of zeroed memory, sealed, mapped read-write in native byte order. */
    public static SealedMemory create(String name, long bytes) {
        if (!LibC.SUPPORTED) {
            throw new LoihiException(ServerErrors.MAILBOX_IO, "sealed mailbox memory needs 64-bit Linux: os="
                    + System.getProperty("os.name") + ", arch=" + System.getProperty("os.arch"));
        }
        int fd;
        try {
            fd = LibC.C.memfd_create(name, LibC.MFD_CLOEXEC | LibC.MFD_ALLOW_SEALING);
        } catch (LastErrorException e) {
            throw failure("memfd_create", bytes, e);
        }
        try {
            LibC.C.ftruncate(fd, bytes);
            LibC.C.fcntl(fd, LibC.F_ADD_SEALS, SEALS);
            // The JDK maps what it opened itself: /proc/self/fd/N opens this very memory file again.
            MappedByteBuffer buffer;
            try (FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                buffer = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
            }
            buffer.order(ByteOrder.nativeOrder());
            return new SealedMemory(fd, buffer);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw failure("size and seal", bytes, e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(fd);
            throw new LoihiException(ServerErrors.MAILBOX_IO, "cannot map the mailbox memory: bytes=" + bytes + ", reason=" + e, e);
        }
    }

    /** The descriptor hosts are handed; owned by this object. */
    public int fd() {
        return fd;
    }

    public MappedByteBuffer buffer() {
        return buffer;
    }

    /** The seals in force, as fcntl(F_GET_SEALS) reports them. */
    public int seals() {
        return LibC.C.fcntl(fd, LibC.F_GET_SEALS, 0);
    }

    /** Closes the descriptor; the mapping stays valid (and hosts keep theirs) until unmapped. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(fd);
        }
    }

    private static LoihiException failure(String call, long bytes, LastErrorException e) {
        return new LoihiException(ServerErrors.MAILBOX_IO, "cannot create the mailbox memory: call=" + call + ", bytes=" + bytes
                + ", errno=" + e.getErrorCode() + ", reason=" + e.getMessage());
    }

    static void closeQuietly(int fd) {
        try {
            LibC.C.close(fd);
        } catch (LastErrorException ignored) {
            // nothing more to release
        }
    }
}
