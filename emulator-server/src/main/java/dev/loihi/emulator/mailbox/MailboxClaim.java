package dev.loihi.emulator.mailbox;

import dev.loihi.emulator.server.ServerErrors;
import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A board's hold on a mailbox path: an exclusive lock on {@code PATH.lock} for as long as the
 * board serves, so a second board refuses a live mailbox instead of replacing it under its
 * hosts. With the lock held, whatever is at the path is either absent, a stale mailbox (a board
 * that died: it is replaced), or something else (a data file, a FIFO, a directory: refused,
 * never overwritten).
 */
final class MailboxClaim implements AutoCloseable {

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private MailboxClaim(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    static MailboxClaim take(Path mailbox) {
        Path target = mailbox.toAbsolutePath();
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        FileChannel ch;
        try {
            Files.createDirectories(target.getParent());
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LoihiException(ServerErrors.MAILBOX_IO, "cannot open the mailbox lock: mailbox=" + target + ", lock="
                    + lockFile + ", reason=" + e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(ch);
            throw new LoihiException(ServerErrors.MAILBOX_BUSY, "mailbox served by another board: mailbox=" + target + ", lock=" + lockFile
                    + ", pid=" + boardPid(target));
        }
        MailboxClaim claim = new MailboxClaim(lockFile, ch, lock);
        try {
            claim.checkReplaceable(target);
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
        return claim;
    }

    /** Absent or a stale mailbox (no board holds its lock, as this one does now); anything else is refused. */
    private void checkReplaceable(Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new LoihiException(ServerErrors.MAILBOX_NOT_A_MAILBOX, "not a mailbox, not replaced: mailbox=" + target
                    + ", kind=not a regular file");
        }
        if (magic(target) != MailboxDescriptor.MAGIC) {
            throw new LoihiException(ServerErrors.MAILBOX_NOT_A_MAILBOX, "not a mailbox, not replaced: mailbox=" + target
                    + ", kind=file without the mailbox magic");
        }
    }

    private static long magic(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
            while (head.hasRemaining() && ch.read(head) > 0) {
                // a regular file answers at once
            }
            return head.hasRemaining() ? 0 : head.getLong(MailboxDescriptor.MAGIC_OFFSET);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The pid the live mailbox names, for the refusal; "unknown" when it cannot be read. */
    private static String boardPid(Path target) {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder());
            ch.read(b, MailboxDescriptor.BOARD_PID_OFFSET);
            return b.hasRemaining() ? "unknown" : Integer.toUnsignedString(b.getInt(0));
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Releases the lock and removes the lock file. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException ignored) {
            // a lock file left behind is taken by the next board: the lock, not the file, decides
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing is held by a closed lock file
        }
    }
}
