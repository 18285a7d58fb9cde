package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import dev.loihi.emulator.server.EmulatorSession;
import dev.loihi.emulator.server.FrameSink;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.Hello;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The board's handling of decoded protocol messages. Input: a flags byte (bit 0: say Hello
 * first, bit 1: then load a small valid image), then frames, each a u16 big-endian length and
 * a Frame body; bodies that are not Frames are skipped. The session gets fuzzed Frames (image chunks, run setups, spike
 * packets, stops, resets in any order and with any field values). Every answer the board
 * gives must be a protocol Error with a one-line message; INTERNAL means the board hit a bug.
 */
class BoardSessionFuzzTest {
    private static final EmulatorBoardConfig BOARD = EmulatorBoardConfig.defaults();
    private static final byte[] IMAGE;

    static {
        IMAGE = Specimens.imageBytes(Scratch.dir());
    }

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        decode(input);
    }

    static void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        EmulatorSession session = new EmulatorSession(BOARD, new Checked(), "fuzz");
        if ((input[0] & 1) != 0) {
            session.onFrame(Frame.newBuilder().setHello(Hello.newBuilder()
                    .setProtocolVersion(ProtocolDescriptor.PROTOCOL_VERSION)).build());
            if ((input[0] & 2) != 0) {
                session.onFrame(wholeImage());
            }
        }
        ByteBuffer in = ByteBuffer.wrap(input, 1, input.length - 1);
        while (in.remaining() >= 2) {
            byte[] body = new byte[Math.min(in.getShort() & 0xFFFF, in.remaining())];
            in.get(body);
            Frame frame;
            try {
                frame = Frame.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                continue;
            }
            session.onFrame(frame);
        }
        session.onInputDrained();
    }

    private static Frame wholeImage() {
        CRC32 crc = new CRC32();
        crc.update(IMAGE);
        return Frame.newBuilder().setImageChunk(ImageChunk.newBuilder().setOffset(0).setData(ByteString.copyFrom(IMAGE))
                .setLast(true).setTotalBytes(IMAGE.length).setTotalCrc32((int) crc.getValue())
                .setChunkCrc32((int) crc.getValue())).build();
    }

    /** Checks every frame the board sends. */
    private static final class Checked implements FrameSink {
        @Override
        public void send(Frame frame) {
            if (!frame.hasError()) {
                return;
            }
            if (frame.getError().getCode() == ErrorCode.INTERNAL) {
                throw new AssertionError("board answered INTERNAL: " + frame.getError().getMessage());
            }
            Rejection.requireOneLine(frame.getError().getCode().name(), frame.getError().getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
