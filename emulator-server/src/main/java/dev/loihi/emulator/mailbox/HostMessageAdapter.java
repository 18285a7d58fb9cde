package dev.loihi.emulator.mailbox;

import static dev.loihi.emulator.mailbox.MailboxDescriptor.*;

import com.google.protobuf.ByteString;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.Hello;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.proto.link.ProbeRequest;
import dev.loihi.proto.link.Reset;
import dev.loihi.proto.link.RunMode;
import dev.loihi.proto.link.RunSetup;
import dev.loihi.proto.link.SpikePackets;
import dev.loihi.proto.link.Stop;
import dev.loihi.snips.wire.PackedWords;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.nio.MappedByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Host-to-board ring messages to the frames a board session takes, as the Netty decoder does
 * for a socket. Checks each message's sequence number and length before reading it. Runs of
 * spike packets already in the ring go into one SpikePackets frame, as a TCP host batches them.
 */
final class HostMessageAdapter {
    /** Outcome of {@link #take}. */
    enum Taken { NONE, FRAME, CLOSE, PROTOCOL_ERROR }

    /** Enough packets per frame to amortize the frame, few enough to keep a step's latency. */
    private static final int MAX_PACKETS_PER_FRAME = 256;

    private final MappedByteBuffer buffer;
    private final SlotRing ring;
    private final int capacity;
    private final int maxFrameBytes;
    private int[] words = new int[256];
    private long seq;
    private long imageOffset;
    private String problem = "";

    HostMessageAdapter(MappedByteBuffer buffer, SlotRing ring, int maxFrameBytes) {
        this.buffer = buffer;
        this.ring = ring;
        this.capacity = ring.payloadCapacity();
        this.maxFrameBytes = maxFrameBytes;
    }

    /** What the last PROTOCOL_ERROR was, as {@code what: key=value}. */
    String problem() {
        return problem;
    }

    /** Reads the next message(s), if any, handing the resulting frame to {@code session}. */
    Taken take(Consumer<Frame> session) {
        int slot = ring.peek();
        if (slot < 0) {
            return Taken.NONE;
        }
        if (!valid(slot)) {
            return Taken.PROTOCOL_ERROR;
        }
        int type = buffer.getInt(slot + SLOT_TYPE);
        if (type == SPIKES_IN) {
            session.accept(spikes(slot));
            return Taken.FRAME;
        }
        Frame frame;
        switch (type) {
            case HELLO -> {
                int abi = buffer.getInt(slot + SLOT_AUX);
                if (abi != DRIVER_ABI_VERSION) {
                    problem = "driver ABI version not spoken: abi=" + Integer.toUnsignedString(abi)
                            + ", board=" + DRIVER_ABI_VERSION;
                    release();
                    return Taken.PROTOCOL_ERROR;
                }
                frame = Frame.newBuilder().setHello(Hello.newBuilder()
                        .setProtocolVersion(ProtocolDescriptor.PROTOCOL_VERSION)
                        .setClient("native driver, pid " + buffer.getInt(slot + SLOT_PORT))
                        .setMaxFrameBytes(maxFrameBytes)).build();
            }
            case IMAGE_CHUNK -> frame = imageChunk(slot);
            case RUN_START -> {
                int probes = buffer.getInt(slot + SLOT_PACKET_COUNT);
                if ((long) probes * 8 != buffer.getInt(slot + SLOT_PAYLOAD_BYTES)) {
                    problem = "run start probes do not match its payload: probes=" + Integer.toUnsignedString(probes)
                            + ", payloadBytes=" + buffer.getInt(slot + SLOT_PAYLOAD_BYTES) + ", seq=" + (seq + 1);
                    release();
                    return Taken.PROTOCOL_ERROR;
                }
                frame = runStart(slot);
            }
            case RUN_STOP -> frame = Frame.newBuilder().setStop(Stop.getDefaultInstance()).build();
            case RESET -> frame = Frame.newBuilder().setReset(Reset.getDefaultInstance()).build();
            case CLOSE -> {
                release();
                return Taken.CLOSE;
            }
            default -> {
                problem = "unknown host message: type=" + type + ", seq=" + seq;
                release();
                return Taken.PROTOCOL_ERROR;
            }
        }
        release();
        session.accept(frame);
        return Taken.FRAME;
    }

    private boolean valid(int slot) {
        long got = buffer.getLong(slot + SLOT_SEQ);
        int bytes = buffer.getInt(slot + SLOT_PAYLOAD_BYTES);
        if (got != seq + 1) {
            problem = "host message out of sequence: seq=" + got + ", expected=" + (seq + 1);
            return false;
        }
        if (bytes < 0 || bytes > capacity) {
            problem = "host message longer than a slot: seq=" + got + ", payloadBytes=" + Integer.toUnsignedString(bytes)
                    + ", capacity=" + capacity;
            return false;
        }
        return true;
    }

    private void release() {
        seq++;
        ring.release();
    }

    /** Chunks arrive in order and all but the last fill a slot: the offset is the bytes before. */
    private Frame imageChunk(int slot) {
        int chunk = buffer.getInt(slot + SLOT_PACKET);
        int chunks = buffer.getInt(slot + SLOT_PACKET_COUNT);
        int n = buffer.getInt(slot + SLOT_PAYLOAD_BYTES);
        if (chunk == 0) {
            imageOffset = 0;
        }
        byte[] data = new byte[n];
        buffer.get(slot + SLOT_HEADER_BYTES, data);
        CRC32 crc = new CRC32();
        crc.update(data);
        Frame frame = Frame.newBuilder().setImageChunk(ImageChunk.newBuilder()
                .setOffset(imageOffset)
                .setData(ByteString.copyFrom(data))
                .setLast(chunk + 1 == chunks)
                .setTotalBytes(buffer.getLong(slot + SLOT_STEP))
                .setTotalCrc32(buffer.getInt(slot + SLOT_AUX))
                .setChunkCrc32((int) crc.getValue())).build();
        imageOffset += n;
        return frame;
    }

    /** Fields: step = steps, port = mode, packet = cap, packet_count = probes, aux = flags; payload = probes. */
    private Frame runStart(int slot) {
        int mode = buffer.getInt(slot + SLOT_PORT);
        int probes = buffer.getInt(slot + SLOT_PACKET_COUNT);
        RunSetup.Builder setup = RunSetup.newBuilder()
                .setSteps(buffer.getLong(slot + SLOT_STEP))
                .setMode(mode == MODE_PRECOMPUTE ? RunMode.PRECOMPUTE
                        : mode == MODE_INTERACTIVE ? RunMode.INTERACTIVE : RunMode.RUN_MODE_UNSPECIFIED)
                .setMaxSpikesPerStep(buffer.getInt(slot + SLOT_PACKET))
                .setResetState((buffer.getInt(slot + SLOT_AUX) & RUN_RESET_STATE) != 0);
        for (int i = 0; i < probes; i++) {
            int at = slot + SLOT_HEADER_BYTES + 8 * i;
            int flags = buffer.getInt(at + 4);
            setup.addProbes(ProbeRequest.newBuilder().setPort(buffer.getInt(at))
                    .setSpikes((flags & PROBE_SPIKE_BITS) != 0).setVoltage((flags & PROBE_VOLTAGE_FLAG) != 0));
        }
        return Frame.newBuilder().setRunSetup(setup).build();
    }

    /** This SPIKES_IN and those right behind it, in one frame. Fields: port = chip, aux = spikes. */
    private Frame spikes(int first) {
        SpikePackets.Builder packets = SpikePackets.newBuilder();
        long firstStep = buffer.getLong(first + SLOT_STEP);
        packets.setFirstStep(firstStep);
        int used = 0;
        int slot = first;
        for (int taken = 0; ; taken++) {
            int n = buffer.getInt(slot + SLOT_PAYLOAD_BYTES) / 4;
            packets.addStepDelta((int) (buffer.getLong(slot + SLOT_STEP) - firstStep))
                    .addChip(buffer.getInt(slot + SLOT_PORT))
                    .addPacketIndex(buffer.getInt(slot + SLOT_PACKET))
                    .addPacketsInStep(buffer.getInt(slot + SLOT_PACKET_COUNT))
                    .addSpikes(buffer.getInt(slot + SLOT_AUX));
            if (words.length < used + n) {
                words = Arrays.copyOf(words, Math.max(used + n, 2 * words.length));
            }
            for (int w = 0; w < n; w++) {
                words[used + w] = buffer.getInt(slot + SLOT_HEADER_BYTES + 4 * w);
            }
            used += n;
            release();
            slot = ring.peek();
            if (slot < 0 || taken + 1 == MAX_PACKETS_PER_FRAME || !valid(slot)
                    || buffer.getInt(slot + SLOT_TYPE) != SPIKES_IN) {
                break;
            }
            long delta = buffer.getLong(slot + SLOT_STEP) - firstStep;
            if (delta < 0 || delta > 0xFFFF_FFFFL) {
                break;
            }
        }
        return Frame.newBuilder().setSpikes(packets.setWordBytes(PackedWords.of(words, used))).build();
    }
}
