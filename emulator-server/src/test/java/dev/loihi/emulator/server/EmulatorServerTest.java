package dev.loihi.emulator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.Hello;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server over a real socket, spoken to with plain blocking I/O, not with the link under test. */
class EmulatorServerTest {
    private EmulatorServer server;

    @BeforeEach
    void start() {
        server = EmulatorServer.start(ServerOptions.loopback(0).withBoard(EmulatorBoardConfig.withFrameBytes(64 * 1024)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static void write(Socket s, Frame f) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        byte[] body = f.toByteArray();
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    private static Frame read(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        return Frame.parseFrom(body);
    }

    private static boolean closedByPeer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (EOFException e) {
            return true;
        }
    }

    private static Frame hello() {
        return Frame.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(ProtocolDescriptor.PROTOCOL_VERSION)).build();
    }

    @Test
    void shouldListenOnLoopbackAtAChosenPort() {
        assertTrue(server.address().getAddress().isLoopbackAddress());
        assertTrue(server.port() > 0);
    }

    @Test
    void shouldAnswerHelloOverTheSocket() throws IOException {
        try (Socket s = connect()) {
            write(s, hello());
            assertEquals(ProtocolDescriptor.PROTOCOL_VERSION, read(s).getHelloAck().getProtocolVersion());
        }
    }

    @Test
    void shouldAnswerGarbageWithErrorAndCloseAndKeepServing() throws IOException {
        try (Socket s = connect()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(6);
            out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x00});
            out.flush();
            assertEquals(ErrorCode.BAD_FRAME, read(s).getError().getCode());
            assertTrue(closedByPeer(s));
        }
        try (Socket s = connect()) {
            write(s, hello());
            assertTrue(read(s).hasHelloAck());
        }
    }

    @Test
    void shouldRefuseFrameOverTheBoardsMaxAndClose() throws IOException {
        try (Socket s = connect()) {
            new DataOutputStream(s.getOutputStream()).writeInt(64 * 1024 + 1);
            Frame error = read(s);
            assertEquals(ErrorCode.FRAME_TOO_LARGE, error.getError().getCode());
            assertTrue(error.getError().getMessage().contains("maxFrameBytes=65536"), error.getError().getMessage());
            assertTrue(closedByPeer(s));
        }
    }

    @Test
    void shouldServeOneSessionPerConnection() throws IOException {
        try (Socket a = connect(); Socket b = connect()) {
            write(a, hello());
            write(b, hello());
            assertTrue(read(a).hasHelloAck());
            assertTrue(read(b).hasHelloAck());
            assertEquals(2, server.sessions());
        }
    }
}
