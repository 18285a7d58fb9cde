package dev.loihi.emulator.mailbox;

import static dev.loihi.emulator.mailbox.MailboxDescriptor.*;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A host end of the mailbox written in Java for board-side tests: it maps the board's sealed
 * memory (through /proc/self/fd: the board runs in the same JVM), claims the
 * session under any pid, and writes and reads raw ring messages, so tests can play a host that
 * dies, stalls or breaks the protocol. The C driver is the real host (tested in board).
 */
final class RingTestHost {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    final MappedByteBuffer buffer;
    private final int slotBytes;
    private final int slotCount;
    private final int h2b;
    private final int b2h;
    private long sent;
    private long read;

    RingTestHost(MailboxServer server) throws IOException {
        Path memory = Path.of("/proc/self/fd/" + server.memory().fd());
        try (FileChannel ch = FileChannel.open(memory, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            buffer = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
        }
        buffer.order(ByteOrder.nativeOrder());
        slotBytes = buffer.getInt(SLOT_BYTES_OFFSET);
        slotCount = buffer.getInt(SLOT_COUNT_OFFSET);
        h2b = (int) buffer.getLong(H2B_OFFSET_OFFSET);
        b2h = (int) buffer.getLong(B2H_OFFSET_OFFSET);
    }

    boolean claim(int pid) {
        return INTS.compareAndSet(buffer, SESSION_OWNER_OFFSET, 0, pid);
    }

    int owner() {
        return (int) INTS.getAcquire(buffer, SESSION_OWNER_OFFSET);
    }

    long sessionId() {
        return (long) LONGS.getAcquire(buffer, SESSION_ID_OFFSET);
    }

    long boardHeartbeat() {
        return (long) LONGS.getAcquire(buffer, BOARD_HEARTBEAT_OFFSET);
    }

    int boardState() {
        return (int) INTS.getAcquire(buffer, BOARD_STATE_OFFSET);
    }

    void beat() {
        LONGS.getAndAdd(buffer, HOST_HEARTBEAT_OFFSET, 1L);
    }

    /** Writes a message with an explicit sequence number (the next one unless a test breaks it). */
    void send(int type, long seq, long step, int port, int packet, int packetCount, int aux, int[] payload) {
        int slot = h2b + (int) (sent % slotCount) * slotBytes;
        buffer.putInt(slot + SLOT_TYPE, type);
        buffer.putInt(slot + SLOT_PAYLOAD_BYTES, 4 * payload.length);
        buffer.putLong(slot + SLOT_SEQ, seq);
        buffer.putLong(slot + SLOT_STEP, step);
        buffer.putInt(slot + SLOT_PORT, port);
        buffer.putInt(slot + SLOT_PACKET, packet);
        buffer.putInt(slot + SLOT_PACKET_COUNT, packetCount);
        buffer.putInt(slot + SLOT_AUX, aux);
        for (int i = 0; i < payload.length; i++) {
            buffer.putInt(slot + SLOT_HEADER_BYTES + 4 * i, payload[i]);
        }
        sent++;
        LONGS.setRelease(buffer, H2B_HEAD_OFFSET, sent);
    }

    void send(int type, int aux) {
        send(type, sent + 1, 0, 0, 0, 0, aux, new int[0]);
    }

    /** The next board message's slot offset, waiting up to {@code timeoutMs} while beating; -1 if none came. */
    int receive(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while ((long) LONGS.getAcquire(buffer, B2H_HEAD_OFFSET) == read) {
            if (System.nanoTime() - deadline > 0) {
                return -1;
            }
            beat();
            Thread.sleep(1);
        }
        return b2h + (int) (read % slotCount) * slotBytes;
    }

    void release() {
        read++;
        LONGS.setRelease(buffer, B2H_TAIL_OFFSET, read);
    }

    int type(int slot) {
        return buffer.getInt(slot + SLOT_TYPE);
    }

    int aux(int slot) {
        return buffer.getInt(slot + SLOT_AUX);
    }

    long seq(int slot) {
        return buffer.getLong(slot + SLOT_SEQ);
    }
}
