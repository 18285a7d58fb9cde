package dev.loihi.board;

import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.link.HostSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.snips.ChannelConfig;
import com.google.protobuf.ByteString;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.snips.link.FrameTransport;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TcpLinkTest {
    private static final LinkOptions FAST = LinkOptions.defaults().withIoTimeoutMs(300).withConnectTimeoutMs(1_000);

    @Test
    void shouldReportConnectFailureWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HostSession link = TcpLink.to("127.0.0.1", port, FAST)) {
            LoihiException e = assertThrows(LoihiException.class, link::connect);
            assertEquals(SnipErrors.LINK_CONNECT, e.code());
        }
    }

    @Test
    void shouldTimeOutOnABoardThatAcceptsButNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0); HostSession link = TcpLink.to("127.0.0.1", silent.getLocalPort(), FAST)) {
            LoihiException e = assertThrows(LoihiException.class, link::connect);
            assertEquals(SnipErrors.LINK_TIMEOUT, e.code());
        }
    }

    @Test
    void shouldReportDisconnectWhenBoardHangsUp() throws Exception {
        try (ServerSocket rude = new ServerSocket(0)) {
            AtomicReference<Socket> accepted = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    Socket s = rude.accept();
                    s.getInputStream().read();
                    s.close();
                    accepted.set(s);
                } catch (IOException ignored) {
                    // the test fails on its own assertion if the board never hung up
                }
            });
            t.start();
            try (HostSession link = TcpLink.to("127.0.0.1", rude.getLocalPort(), FAST.withIoTimeoutMs(5_000))) {
                LoihiException e = assertThrows(LoihiException.class, link::connect);
                assertEquals(SnipErrors.LINK_DISCONNECTED, e.code());
            }
            t.join(5_000);
            assertTrue(accepted.get() != null && accepted.get().isClosed());
        }
    }

    @Test
    void shouldReportDisconnectWhenServerStopsBetweenRuns() {
        EmulatorServer server = EmulatorServer.start(ServerOptions.loopback(0));
        try (HostSession link = TcpLink.to("127.0.0.1", server.port(), FAST.withIoTimeoutMs(5_000))) {
            link.connect();
            link.upload(RelayImage.build(8, 1));
            server.close();
            LoihiException e = assertThrows(LoihiException.class,
                    () -> link.runPrecompute(RunSpec.of(3, ChannelConfig.defaults()), SpikeSchedule.empty(3)));
            assertEquals(SnipErrors.LINK_DISCONNECTED, e.code());
        }
    }

    @Test
    void shouldReturnBackPressuredWhenTheBoardStopsReading() throws IOException {
        try (ServerSocket deaf = new ServerSocket(0)) {
            TcpTransport t = TcpTransport.connect("127.0.0.1", deaf.getLocalPort(), FAST);
            try (Socket accepted = deaf.accept()) {
                Frame big = Frame.newBuilder().setImageChunk(ImageChunk.newBuilder()
                        .setData(ByteString.copyFrom(new byte[256 * 1024]))).build();
                long result = 0;
                for (int i = 0; i < 10_000 && result != FrameTransport.BACK_PRESSURED; i++) {
                    result = t.offer(big);
                    t.flush();
                }
                assertEquals(FrameTransport.BACK_PRESSURED, result);
                assertTrue(accepted.isConnected());
            } finally {
                t.close();
            }
            assertEquals(FrameTransport.NOT_CONNECTED, t.offer(Frame.getDefaultInstance()));
        }
    }

    @Test
    void shouldParseTcpTarget() {
        assertEquals("tcp://localhost:7010", TcpLink.of("tcp://localhost:7010", FAST).peer());
    }

    @Test
    void shouldRefuseTargetThatIsNotTcpHostPort() {
        for (String bad : new String[] {"http://x:1", "tcp://x", "localhost:7010", "tcp://x:1/path", "tcp://x:99999"}) {
            LoihiException e = assertThrows(LoihiException.class, () -> TcpLink.of(bad, FAST), bad);
            assertEquals(SnipErrors.LINK_BAD_TARGET, e.code(), bad);
        }
    }

    @Test
    void shouldRefuseUseBeforeConnect() {
        try (HostSession link = TcpLink.to("127.0.0.1", 1, FAST)) {
            LoihiException e = assertThrows(LoihiException.class, () -> link.upload(RelayImage.build(4, 1)));
            assertEquals(SnipErrors.LINK_STATE, e.code());
        }
    }
}
