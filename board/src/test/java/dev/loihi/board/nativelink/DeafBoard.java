package dev.loihi.board.nativelink;

import static dev.loihi.emulator.mailbox.MailboxDescriptor.*;

import dev.loihi.emulator.mailbox.MailboxSocket;
import dev.loihi.emulator.mailbox.SealedMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * A mailbox whose board never reads a message: with {@code beating} it is alive but deaf (a
 * board bug), without it is a board that hangs. Built from the published layout alone, in
 * sealed memory handed out at {@code file} as a board does.
 */
final class DeafBoard implements AutoCloseable {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int SLOT_BYTES = 256;
    private static final int SLOTS = 4;

    private final Thread beat;
    private volatile boolean stop;

    private final SealedMemory memory;
    private final MailboxSocket socket;

    DeafBoard(Path file, boolean beating) {
        memory = SealedMemory.create("deaf-board", fileBytes(SLOT_BYTES, SLOTS));
        MappedByteBuffer b = memory.buffer();
        b.putInt(LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);
        b.putInt(HEADER_BYTES_OFFSET, HEADER_BYTES);
        b.putInt(SLOT_BYTES_OFFSET, SLOT_BYTES);
        b.putInt(SLOT_COUNT_OFFSET, SLOTS);
        b.putLong(H2B_OFFSET_OFFSET, HEADER_BYTES);
        b.putLong(B2H_OFFSET_OFFSET, HEADER_BYTES + (long) SLOT_BYTES * SLOTS);
        b.putLong(FILE_BYTES_OFFSET, fileBytes(SLOT_BYTES, SLOTS));
        b.putInt(BOARD_PID_OFFSET, (int) ProcessHandle.current().pid());
        b.putInt(BOARD_STATE_OFFSET, BOARD_SERVING);
        LONGS.setRelease(b, MAGIC_OFFSET, MAGIC);
        beat = new Thread(() -> {
            while (!stop && beating) {
                LONGS.getAndAdd(b, BOARD_HEARTBEAT_OFFSET, 1L);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "deaf-board");
        beat.setDaemon(true);
        beat.start();
        socket = MailboxSocket.open(file, memory.fd());
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        beat.join();
        socket.close();
        memory.close();
    }
}
