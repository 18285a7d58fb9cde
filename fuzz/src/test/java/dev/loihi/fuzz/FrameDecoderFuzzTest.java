package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.snips.wire.FrameDecoder;
import dev.loihi.snips.wire.FrameException;
import dev.loihi.snips.wire.ProtocolDescriptor;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;

/**
 * Length-prefixed protocol frames as they arrive from a socket. Input: one byte giving the
 * size of the pieces the socket delivers (1 to 256), then the stream. The decoder emits Frames or raises FrameException (BAD_FRAME, FRAME_TOO_LARGE) with
 * a one-line message, and never buffers a body longer than its limit.
 */
class FrameDecoderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        decode(input);
    }

    static void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int pieceBytes = (input[0] & 0xFF) + 1;
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(ProtocolDescriptor.MIN_MAX_FRAME_BYTES));
        try {
            for (int at = 1; at < input.length; at += pieceBytes) {
                byte[] piece = Arrays.copyOfRange(input, at, Math.min(input.length, at + pieceBytes));
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(piece));
                } catch (FrameException e) {
                    Rejection.requireOneLine(e.code().name(), e.getMessage());
                }
                for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
                    ReferenceCountUtil.release(frame);
                }
            }
        } finally {
            try {
                channel.finishAndReleaseAll();
            } catch (FrameException e) {
                // Closing decodes what is left, which may be a bad frame too.
                Rejection.requireOneLine(e.code().name(), e.getMessage());
            }
        }
    }
}
