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
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A board's hold on a mailbox path: an exclusive lock on {@code PATH.lock} (which names the
 * board's pid) for as long as the board serves, so a second board refuses a live mailbox
 * instead of replacing it under its hosts. With the lock held, whatever is at the path is
 * either absent, a stale mailbox (the socket of a board that died, which nobody listens on, or
 * the mapped file of an older version's board: removed, so the new socket can take the path),
 * or something else (a data file, a FIFO, a directory, a socket another program serves:
 * refused, never overwritten).
 */
final class MailboxClaim implements AutoCloseable {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

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
                    + ", pid=" + boardPid(lockFile));
        }
        MailboxClaim claim = new MailboxClaim(lockFile, ch, lock);
        try {
            claim.writePid();
            claim.removeStale(target);
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
        return claim;
    }

    private void writePid() {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            throw new LoihiException(ServerErrors.MAILBOX_IO, "cannot write the mailbox lock: lock=" + lockFile + ", reason=" + e);
        }
    }

    /** Absent, or a stale mailbox (no board holds its lock, as this one does now) removed; anything else is refused. */
    private static void removeStale(Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String kind = kind(target);
        boolean stale = switch (kind) {
            case "socket" -> !listening(target);
            case "regular file" -> magic(target) == MailboxDescriptor.MAGIC;
            default -> false;
        };
        if (!stale) {
            String what = switch (kind) {
                case "socket" -> "socket another program serves";
                case "regular file" -> "file without the mailbox magic";
                default -> "not a regular file";
            };
            throw new LoihiException(ServerErrors.MAILBOX_NOT_A_MAILBOX, "not a mailbox, not replaced: mailbox=" + target
                    + ", kind=" + what);
        }
        try {
            Files.delete(target);
        } catch (IOException e) {
            throw new LoihiException(ServerErrors.MAILBOX_IO, "cannot remove a stale mailbox: mailbox=" + target + ", reason=" + e);
        }
    }

    private static String kind(Path p) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return "regular file";
        }
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK ? "socket" : "other";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "other";
        }
    }

    /**
     * Whether a process holds the socket {@code p}: only a refused connection (nobody listens)
     * marks it stale; a socket of another kind, or one that cannot be tried, is left alone.
     */
    private static boolean listening(Path p) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(p))) {
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** The magic of a mapped-file mailbox, which boards of an older version left at the path. */
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

    /** The pid the live board wrote into its lock file, for the refusal; "unknown" when it cannot be read. */
    private static String boardPid(Path lockFile) {
        try {
            String text = new String(Files.readAllBytes(lockFile), StandardCharsets.US_ASCII).trim();
            return text.matches("[0-9]{1,10}") ? text : "unknown";
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
