package dev.loihi.emulator.mailbox;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;

/**
 * One single-producer single-consumer ring of the mailbox, seen from the board: the board
 * consumes the host-to-board ring and produces the board-to-host one. Counters only grow; a
 * slot is counter % slotCount. The producer fills a slot, then publishes head + 1 with release
 * order; the consumer reads head with acquire order before it reads the slot, and publishes
 * tail + 1 with release order once done, handing the slot back.
 */
final class SlotRing {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer buffer;
    private final int headOffset;
    private final int tailOffset;
    private final int slotsOffset;
    private final int slotBytes;
    private final int mask;
    private final int slotCount;
    /** The board's own counter (tail when consuming, head when producing): only the board writes it. */
    private long own;

    SlotRing(MappedByteBuffer buffer, int headOffset, int tailOffset, int slotsOffset, int slotBytes, int slotCount) {
        this.buffer = buffer;
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.slotsOffset = slotsOffset;
        this.slotBytes = slotBytes;
        this.slotCount = slotCount;
        this.mask = slotCount - 1;
    }

    /** Consumer: offset of the oldest unread slot, or -1 when the ring is empty. */
    int peek() {
        long head = (long) LONGS.getAcquire(buffer, headOffset);
        return head == own ? -1 : slotOffset(own);
    }

    /** Consumer: hands the slot from {@link #peek()} back to the producer. */
    void release() {
        own++;
        LONGS.setRelease(buffer, tailOffset, own);
    }

    /** Producer: offset of the next free slot, or -1 when the ring is full. */
    int claim() {
        long tail = (long) LONGS.getAcquire(buffer, tailOffset);
        return own - tail >= slotCount ? -1 : slotOffset(own);
    }

    /** Producer: makes the slot from {@link #claim()} visible to the consumer. */
    void publish() {
        own++;
        LONGS.setRelease(buffer, headOffset, own);
    }

    /** Producer: whether the consumer has read every published slot. */
    boolean drained() {
        return (long) LONGS.getAcquire(buffer, tailOffset) == own;
    }

    /** Empties the ring between sessions (no host is attached). */
    void reset() {
        own = 0;
        LONGS.setRelease(buffer, headOffset, 0L);
        LONGS.setRelease(buffer, tailOffset, 0L);
    }

    int payloadCapacity() {
        return slotBytes - MailboxDescriptor.SLOT_HEADER_BYTES;
    }

    private int slotOffset(long counter) {
        return slotsOffset + (int) (counter & mask) * slotBytes;
    }
}
