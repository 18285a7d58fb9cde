package dev.loihi.fuzz;

import dev.loihi.snips.SnipErrors;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import dev.loihi.emulator.server.EmulatorSession;
import dev.loihi.emulator.server.FrameSink;
import dev.loihi.proto.link.Frame;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.FrameTransport;
import dev.loihi.snips.link.HostSession;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The host side of the wire ({@link HostSession}, which {@code TcpLink} and the native link run)
 * against a board that says anything: the input is the board's side of a session, frames of a
 * u16 big-endian length and a Frame body (bodies that are not Frames are skipped), answered in
 * order to whatever the host sends; when they run out the board has hung up. The host connects,
 * uploads the relay image and runs it precompute and interactive; whatever the board says, every
 * failure must be a LoihiException with a one-line message, never another exception or a hang.
 */
class HostSessionFuzzTest {
    private static final int STEPS = 4;

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        decode(input);
    }

    static void decode(byte[] input) {
        Rejection.check(() -> session(new Scripted(input)));
    }

    private static void session(FrameTransport board) {
        try (HostSession host = new HostSession(board, LinkOptions.defaults())) {
            host.connect();
            host.upload(RelayImage.build(8, 1));
            host.runPrecompute(RunSpec.of(STEPS, ChannelConfig.defaults()), SpikeSchedule.empty(STEPS));
            host.runInteractive(RunSpec.of(STEPS, ChannelConfig.defaults()), (step, in, out) -> { });
            host.reset();
        }
    }

    private static byte[] recorded;

    /** A real board's side of that session, recorded once: the seed the mutations start from (a copy). */
    static synchronized byte[] recordedBoard() {
        if (recorded == null) {
            Recorder board = new Recorder();
            session(board);
            recorded = board.script.toByteArray();
        }
        return recorded.clone();
    }

    @Test
    void shouldRunTheWholeSessionAgainstTheRecordedBoard() {
        byte[] script = recordedBoard();
        assertTrue(script.length > 0);
        session(new Scripted(script));
    }

    @Test
    void shouldReportAHungUpBoardAsDisconnectedAtEveryPoint() {
        byte[] script = recordedBoard();
        int frames = 0;
        for (int at = 0; at + 2 <= script.length; frames++) {
            at += 2 + (((script[at] & 0xFF) << 8) | (script[at + 1] & 0xFF));
        }
        for (int keep = 0; keep < frames; keep++) {
            byte[] cut = firstFrames(script, keep);
            LoihiException e = org.junit.jupiter.api.Assertions.assertThrows(LoihiException.class,
                    () -> session(new Scripted(cut)));
            Rejection.requireOneLine(e.code(), e.getMessage());
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    /** Seeded mutations of the recorded board: bytes flipped, frames dropped or repeated. */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldFailOnlyWithOneLineWhateverTheBoardSays(long seed) {
        byte[] script = recordedBoard();
        Random r = new Random(seed);
        for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
            int at = 2 + r.nextInt(script.length - 2);
            script[at] = (byte) r.nextInt(256);
        }
        decode(script);
    }

    private static byte[] firstFrames(byte[] script, int frames) {
        int at = 0;
        for (int i = 0; i < frames; i++) {
            at += 2 + (((script[at] & 0xFF) << 8) | (script[at + 1] & 0xFF));
        }
        return java.util.Arrays.copyOf(script, at);
    }

    /** Plays the board's frames in order, one per poll; hung up once they are gone. */
    private static final class Scripted implements FrameTransport {
        private final ByteBuffer in;

        Scripted(byte[] script) {
            in = ByteBuffer.wrap(script);
        }

        @Override
        public long offer(Frame frame) {
            return 0;
        }

        @Override
        public void flush() {}

        @Override
        public Frame poll(long timeoutMs) {
            if (timeoutMs == 0) {
                // The board answers only a host that waits: replay then meets the host where recording did.
                return null;
            }
            while (in.remaining() >= 2) {
                byte[] body = new byte[Math.min(in.getShort() & 0xFFFF, in.remaining())];
                in.get(body);
                try {
                    return Frame.parseFrom(body);
                } catch (InvalidProtocolBufferException e) {
                    // not a Frame: the next one
                }
            }
            throw new LoihiException(SnipErrors.LINK_DISCONNECTED, "board closed the connection: peer=fuzz");
        }

        @Override
        public String peer() {
            return "fuzz";
        }

        @Override
        public void close() {}
    }

    /** A real emulator board, whose answers are kept as a script. */
    private static final class Recorder implements FrameTransport {
        final ByteArrayOutputStream script = new ByteArrayOutputStream();
        private final ArrayDeque<Frame> answers = new ArrayDeque<>();
        private final EmulatorSession board = new EmulatorSession(EmulatorBoardConfig.defaults(), new FrameSink() {
            @Override
            public void send(Frame frame) {
                answers.add(frame);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        }, "recorder");

        @Override
        public long offer(Frame frame) {
            board.onFrame(frame);
            return 0;
        }

        @Override
        public void flush() {
            board.onInputDrained();
        }

        @Override
        public Frame poll(long timeoutMs) {
            if (timeoutMs == 0) {
                return null;
            }
            board.onInputDrained();
            Frame f = answers.poll();
            if (f == null) {
                return null;
            }
            byte[] body = f.toByteArray();
            assertTrue(body.length <= 0xFFFF, "recorded frames fit the script's u16 length");
            script.write(body.length >> 8);
            script.write(body.length & 0xFF);
            script.write(body, 0, body.length);
            return f;
        }

        @Override
        public String peer() {
            return "recorder";
        }

        @Override
        public void close() {}
    }
}
