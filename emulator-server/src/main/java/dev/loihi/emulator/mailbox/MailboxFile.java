package dev.loihi.emulator.mailbox;

import dev.loihi.emulator.server.ServerErrors;
import static dev.loihi.emulator.mailbox.MailboxDescriptor.*;

import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The board's mapping of a mailbox file ({@link MailboxDescriptor}), with the shared header
 * fields read and written in the memory order the C driver expects: counters and flags with
 * acquire/release through VarHandles on the mapped buffer (the Java side of C11
 * atomic_load/atomic_store), everything else plain.
 *
 * <p>The file is built under a temporary name and moved into place complete, so a host never
 * maps a half-written header.
 */
final class MailboxFile implements AutoCloseable {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final Path path;
    private final MappedByteBuffer buffer;
    private final int slotBytes;
    private final int slotCount;

    private MailboxFile(Path path, MappedByteBuffer buffer, int slotBytes, int slotCount) {
        this.path = path;
        this.buffer = buffer;
        this.slotBytes = slotBytes;
        this.slotCount = slotCount;
    }

    /** Creates (or replaces) the mailbox at {@code path} for a board of this process. */
    static MailboxFile create(Path path, int slotBytes, int slotCount, String boardName, int chips, int coresPerChip,
                              long maxImageBytes, int capabilities) {
        Path target = path.toAbsolutePath();
        long bytes = fileBytes(slotBytes, slotCount);
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
            MappedByteBuffer buffer;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                buffer = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
            }
            buffer.order(ByteOrder.nativeOrder());
            MailboxFile file = new MailboxFile(target, buffer, slotBytes, slotCount);
            file.writeHeader(boardName, chips, coresPerChip, maxImageBytes, capabilities);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException | UnsupportedOperationException e) {
            deleteQuietly(temp);
            throw new LoihiException(ServerErrors.MAILBOX_IO, "cannot create mailbox: mailbox=" + target + ", bytes=" + bytes
                    + ", reason=" + e, e);
        }
    }

    private void writeHeader(String boardName, int chips, int coresPerChip, long maxImageBytes, int capabilities) {
        buffer.putInt(LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);
        buffer.putInt(HEADER_BYTES_OFFSET, HEADER_BYTES);
        buffer.putInt(SLOT_BYTES_OFFSET, slotBytes);
        buffer.putInt(SLOT_COUNT_OFFSET, slotCount);
        buffer.putLong(H2B_OFFSET_OFFSET, HEADER_BYTES);
        buffer.putLong(B2H_OFFSET_OFFSET, HEADER_BYTES + (long) slotBytes * slotCount);
        buffer.putLong(FILE_BYTES_OFFSET, fileBytes(slotBytes, slotCount));
        buffer.putInt(BOARD_PID_OFFSET, (int) ProcessHandle.current().pid());
        buffer.putInt(BOARD_STATE_OFFSET, BOARD_SERVING);
        byte[] name = boardName.getBytes(StandardCharsets.UTF_8);
        buffer.put(BOARD_NAME_OFFSET, name, 0, Math.min(name.length, BOARD_NAME_BYTES - 1));
        buffer.putInt(CHIPS_OFFSET, chips);
        buffer.putInt(CORES_PER_CHIP_OFFSET, coresPerChip);
        buffer.putInt(MAX_IMAGE_BYTES_OFFSET, (int) maxImageBytes);
        buffer.putInt(CAPABILITIES_OFFSET, capabilities);
        LONGS.setRelease(buffer, MAGIC_OFFSET, MAGIC);
    }

    Path path() {
        return path;
    }

    MappedByteBuffer buffer() {
        return buffer;
    }

    SlotRing hostToBoard() {
        return new SlotRing(buffer, H2B_HEAD_OFFSET, H2B_TAIL_OFFSET, HEADER_BYTES, slotBytes, slotCount);
    }

    SlotRing boardToHost() {
        return new SlotRing(buffer, B2H_HEAD_OFFSET, B2H_TAIL_OFFSET, HEADER_BYTES + slotBytes * slotCount,
                slotBytes, slotCount);
    }

    void beat() {
        LONGS.getAndAddRelease(buffer, BOARD_HEARTBEAT_OFFSET, 1L);
    }

    int sessionOwner() {
        return (int) INTS.getAcquire(buffer, SESSION_OWNER_OFFSET);
    }

    long sessionId() {
        return (long) LONGS.getAcquire(buffer, SESSION_ID_OFFSET);
    }

    long hostHeartbeat() {
        return (long) LONGS.getAcquire(buffer, HOST_HEARTBEAT_OFFSET);
    }

    /**
     * Ends the session of {@code owner}: empties both rings, then moves the session id on and
     * frees the owner word, in that order, so a host that claims next finds empty rings and a
     * host that lost the session sees the new id.
     */
    void freeSession(int owner, SlotRing inbound, SlotRing outbound) {
        inbound.reset();
        outbound.reset();
        LONGS.getAndAddRelease(buffer, SESSION_ID_OFFSET, 1L);
        INTS.compareAndSet(buffer, SESSION_OWNER_OFFSET, owner, 0);
    }

    /** Tells hosts the board is gone for good; they fail with LOIHI_E_BOARD_CLOSED instead of waiting. */
    void shutDown() {
        try {
            INTS.setRelease(buffer, BOARD_STATE_OFFSET, BOARD_SHUT_DOWN);
        } catch (InternalError truncated) {
            // Another process cut the file short: there is no state word left to tell hosts anything with.
        }
    }

    @Override
    public void close() {
        shutDown();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a stale mailbox is refused by hosts (its board pid is gone) and replaced by the next board
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the create error being reported is the useful one
        }
    }
}
