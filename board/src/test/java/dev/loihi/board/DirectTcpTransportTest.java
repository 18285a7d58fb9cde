package dev.loihi.board;

import dev.loihi.snips.SnipErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.snips.link.FrameTransport;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.wire.ErrorFrames;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The host-thread socket transport against boards that misbehave on purpose. */
class DirectTcpTransportTest {
    private static final LinkOptions OPTIONS = LinkOptions.defaults().withIoTimeoutMs(2_000)
            .withMaxFrameBytes(ProtocolDescriptor.MIN_MAX_FRAME_BYTES);

    @Test
    void shouldRefuseABoardFrameOverTheHostsMaxFromItsLengthPrefixAlone() throws IOException {
        try (ServerSocket board = new ServerSocket(0);
             DirectTcpTransport t = DirectTcpTransport.connect("127.0.0.1", board.getLocalPort(), OPTIONS);
             Socket s = board.accept()) {
            // Only the prefix is sent: a transport that waited for the 1 GiB body would time out instead.
            new DataOutputStream(s.getOutputStream()).writeInt(1 << 30);
            LoihiException e = assertThrows(LoihiException.class, () -> t.poll(2_000));
            assertEquals(SnipErrors.LINK_PROTOCOL, e.code());
            assertEquals("board sent a bad frame: peer=tcp://127.0.0.1:" + board.getLocalPort()
                    + ", error=frame too large: bytes=1073741824, maxFrameBytes=65536", e.getMessage());
        }
    }

    @Test
    void shouldDeliverFramesSentBeforeTheBoardClosedThenReportTheDisconnect() throws IOException {
        try (ServerSocket board = new ServerSocket(0);
             DirectTcpTransport t = DirectTcpTransport.connect("127.0.0.1", board.getLocalPort(), OPTIONS)) {
            try (Socket s = board.accept()) {
                byte[] body = ErrorFrames.error(ErrorCode.INTERNAL, "last words").toByteArray();
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(body.length);
                out.write(body);
            }
            assertEquals("last words", t.poll(2_000).getError().getMessage());
            assertEquals(SnipErrors.LINK_DISCONNECTED, assertThrows(LoihiException.class, () -> t.poll(2_000)).code());
            assertEquals(FrameTransport.NOT_CONNECTED, t.offer(Frame.getDefaultInstance()));
        }
    }

    @Test
    void shouldReturnBackPressuredWhileTheBoardDoesNotReadAndNullOnSilence() throws IOException {
        try (ServerSocket deaf = new ServerSocket(0);
             DirectTcpTransport t = DirectTcpTransport.connect("127.0.0.1", deaf.getLocalPort(), OPTIONS);
             Socket accepted = deaf.accept()) {
            Frame big = Frame.newBuilder().setImageChunk(ImageChunk.newBuilder()
                    .setData(ByteString.copyFrom(new byte[60 * 1024]))).build();
            long result = 0;
            for (int i = 0; i < 10_000 && result != FrameTransport.BACK_PRESSURED; i++) {
                result = t.offer(big);
                t.flush();
            }
            assertEquals(FrameTransport.BACK_PRESSURED, result);
            assertEquals(null, t.poll(50));
            assertTrue(accepted.isConnected());
        }
    }
}
