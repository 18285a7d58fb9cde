package dev.loihi.emulator.mailbox;

import dev.loihi.emulator.server.ServerErrors;
import static dev.loihi.emulator.mailbox.MailboxDescriptor.*;

import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The board's mailbox ({@link MailboxDescriptor}): its sealed memory ({@link SealedMemory}) and
 * the socket at the mailbox path that hands that memory to hosts ({@link MailboxSocket}), with
 * the shared header fields read and written in the memory order the C driver expects: counters
 * and flags with acquire/release through VarHandles on the mapped buffer (the Java side of C11
 * atomic_load/atomic_store), everything else plain.
 *
 * <p>The header is complete before the socket exists, so a host never maps a half-written one.
 */
final class MailboxFile implements AutoCloseable {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final Path path;
    private final SealedMemory memory;
    private final MappedByteBuffer buffer;
    private final int slotBytes;
    private final int slotCount;
    private MailboxSocket socket;

    private MailboxFile(Path path, SealedMemory memory, int slotBytes, int slotCount) {
        this.path = path;
        this.memory = memory;
        this.buffer = memory.buffer();
        this.slotBytes = slotBytes;
        this.slotCount = slotCount;
    }

    /** Creates the mailbox at {@code path} (which must be free: {@link MailboxClaim}) for a board of this process. */
    static MailboxFile create(Path path, int slotBytes, int slotCount, String boardName, int chips, int coresPerChip,
                              long maxImageBytes, int capabilities) {
        Path target = path.toAbsolutePath();
        long bytes = fileBytes(slotBytes, slotCount);
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new LoihiException(ServerErrors.MAILBOX_IO, "cannot create the mailbox folder: mailbox=" + target + ", reason=" + e, e);
        }
        SealedMemory memory = SealedMemory.create("loihi-mailbox", bytes);
        MailboxFile file = new MailboxFile(target, memory, slotBytes, slotCount);
        try {
            file.writeHeader(boardName, chips, coresPerChip, maxImageBytes, capabilities);
            file.socket = MailboxSocket.open(target, memory.fd());
            return file;
        } catch (RuntimeException e) {
            memory.close();
            throw e;
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

    SealedMemory memory() {
        return memory;
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
        INTS.setRelease(buffer, BOARD_STATE_OFFSET, BOARD_SHUT_DOWN);
    }

    /** Shuts down, removes the socket (no new host can get the memory) and closes the descriptor. */
    @Override
    public void close() {
        shutDown();
        if (socket != null) {
            socket.close();
        }
        memory.close();
    }
}
