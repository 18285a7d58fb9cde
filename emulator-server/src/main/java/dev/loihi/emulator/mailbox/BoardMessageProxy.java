package dev.loihi.emulator.mailbox;

import static dev.loihi.emulator.mailbox.MailboxDescriptor.*;

import dev.loihi.emulator.server.FrameSink;
import dev.loihi.proto.link.Error;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ProbeBatch;
import dev.loihi.proto.link.RunDone;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * The board session's frames to board-to-host ring messages: what the Netty server writes to
 * a socket, this writes to the mailbox. A ProbeBatch becomes, step by step, the step's spike
 * bits (in chunks of one slot), its voltages, then STEP_DONE; a step's words keep ProbeBatch's
 * probe order. When the ring is full the board waits for the host to read, watching that the
 * host still lives, so a dead host cannot hold the board forever.
 */
final class BoardMessageProxy implements FrameSink {
    private final MappedByteBuffer buffer;
    private final SlotRing ring;
    private final HostWatch watch;
    private final LongConsumer beat;
    private final BackoffIdle idle;
    private final int capacity;
    private long seq;
    private boolean closed;

    BoardMessageProxy(MappedByteBuffer buffer, SlotRing ring, HostWatch watch, LongConsumer beat, long spinNs) {
        this.buffer = buffer;
        this.ring = ring;
        this.watch = watch;
        this.beat = beat;
        this.idle = new BackoffIdle(spinNs);
        this.capacity = ring.payloadCapacity();
    }

    /** The session closed the connection (a fatal protocol error): the server ends it. */
    boolean closed() {
        return closed;
    }

    @Override
    public void send(Frame frame) {
        switch (frame.getBodyCase()) {
            case HELLO_ACK -> message(HELLO_ACK, 0, 0, 0, 0, frame.getHelloAck().getProtocolVersion(), 0);
            case IMAGE_ACK -> {
                // The driver sends an image as one request: only the final ack answers it.
                if (frame.getImageAck().getComplete()) {
                    message(IMAGE_ACK, frame.getImageAck().getReceivedBytes(), 0, frame.getImageAck().getCores(), 0, 0, 0);
                }
            }
            case RUN_READY -> message(RUN_READY, frame.getRunReady().getSteps(), 0, 0, 0, 0, 0);
            case PROBES -> probes(frame.getProbes());
            case RUN_DONE -> runDone(frame.getRunDone());
            case RESET_DONE -> message(RESET_DONE, 0, 0, 0, 0, 0, 0);
            case ERROR -> error(frame.getError());
            default -> throw new IllegalStateException("board frame without a mailbox message: " + frame.getBodyCase());
        }
    }

    @Override
    public void flush() {
        // Every message is published as it is written.
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Whether the host has read every message sent. */
    boolean drained() {
        return ring.drained();
    }

    /** The session's answer to CLOSE. */
    void closed(long step) {
        message(CLOSED, step, 0, 0, 0, 0, 0);
    }

    private void probes(ProbeBatch batch) {
        int steps = batch.getSteps();
        int words = steps == 0 ? 0 : batch.getSpikeBitsCount() / steps;
        int volts = steps == 0 ? 0 : batch.getVoltageCount() / steps;
        int perSlot = capacity / 4;
        for (int s = 0; s < steps; s++) {
            long step = batch.getFirstStep() + s;
            if (words > 0) {
                int chunks = (words + perSlot - 1) / perSlot;
                for (int c = 0; c < chunks; c++) {
                    int from = s * words + c * perSlot;
                    int n = Math.min(perSlot, words - c * perSlot);
                    int slot = claim();
                    for (int i = 0; i < n; i++) {
                        buffer.putInt(slot + SLOT_HEADER_BYTES + 4 * i, batch.getSpikeBits(from + i));
                    }
                    publish(slot, SPIKE_BITS, 4 * n, step, 0, c, chunks, 0);
                }
            }
            if (volts > 0) {
                int chunks = (volts + perSlot - 1) / perSlot;
                for (int c = 0; c < chunks; c++) {
                    int from = s * volts + c * perSlot;
                    int n = Math.min(perSlot, volts - c * perSlot);
                    int slot = claim();
                    for (int i = 0; i < n; i++) {
                        buffer.putInt(slot + SLOT_HEADER_BYTES + 4 * i, batch.getVoltage(from + i));
                    }
                    publish(slot, PROBE_VOLTAGE, 4 * n, step, 0, c, chunks, 0);
                }
            }
            message(STEP_DONE, step, 0, 0, 0, batch.getSpikesIn(s), 0);
        }
    }

    /** Payload: spikes_in (u64), then the warnings, one per line, cut to the slot. */
    private void runDone(RunDone done) {
        int slot = claim();
        buffer.putLong(slot + SLOT_HEADER_BYTES, done.getSpikesIn());
        byte[] text = String.join("\n", done.getWarningsList()).getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, capacity - 8);
        buffer.put(slot + SLOT_HEADER_BYTES + 8, text, 0, n);
        publish(slot, RUN_DONE, 8 + n, done.getSteps(), 0, 0, 0, done.getStopped() ? RUN_DONE_STOPPED : 0);
    }

    /** Fields: aux = ErrorCode, port = 1 when step applies, packet = detail code bytes; payload = detail code, message. */
    private void error(Error e) {
        int slot = claim();
        byte[] code = e.getDetailCode().getBytes(StandardCharsets.UTF_8);
        byte[] text = e.getMessage().getBytes(StandardCharsets.UTF_8);
        int codeBytes = Math.min(code.length, capacity);
        int textBytes = Math.min(text.length, capacity - codeBytes);
        buffer.put(slot + SLOT_HEADER_BYTES, code, 0, codeBytes);
        buffer.put(slot + SLOT_HEADER_BYTES + codeBytes, text, 0, textBytes);
        publish(slot, ERROR, codeBytes + textBytes, e.hasStep() ? e.getStep() : 0, e.hasStep() ? 1 : 0, codeBytes, 0,
                e.getCodeValue());
    }

    private void message(int type, long step, int port, int packet, int packetCount, int aux, int payloadBytes) {
        publish(claim(), type, payloadBytes, step, port, packet, packetCount, aux);
    }

    /** A free slot, waiting while the host reads; ends the session when the host dies meanwhile. */
    private int claim() {
        int slot = ring.claim();
        if (slot >= 0) {
            return slot;
        }
        idle.reset();
        while ((slot = ring.claim()) < 0) {
            long now = System.nanoTime();
            beat.accept(now);
            SessionEnd.Reason reason = watch.check(now);
            if (reason != null) {
                throw new SessionEndedException(reason, "host stopped reading the board's output: reason=" + reason
                        + ", silentMs=" + watch.silentMs(now));
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new SessionEndedException(SessionEnd.Reason.SHUTDOWN, "board shut down while writing output");
            }
            idle.idle(now);
        }
        return slot;
    }

    private void publish(int slot, int type, int payloadBytes, long step, int port, int packet, int packetCount, int aux) {
        buffer.putInt(slot + SLOT_TYPE, type);
        buffer.putInt(slot + SLOT_PAYLOAD_BYTES, payloadBytes);
        buffer.putLong(slot + SLOT_SEQ, ++seq);
        buffer.putLong(slot + SLOT_STEP, step);
        buffer.putInt(slot + SLOT_PORT, port);
        buffer.putInt(slot + SLOT_PACKET, packet);
        buffer.putInt(slot + SLOT_PACKET_COUNT, packetCount);
        buffer.putInt(slot + SLOT_AUX, aux);
        ring.publish();
    }
}
