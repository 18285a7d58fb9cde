package dev.loihi.emulator.server;

import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.Hello;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.snips.wire.ProtocolDescriptor;
import com.google.protobuf.ByteString;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.zip.CRC32;

/** A host that speaks the protocol with blocking socket I/O, to test the server without the link under test. */
class RawClient implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    private final DataOutputStream out;

    RawClient(int port) throws IOException {
        this(port, 5_000);
    }

    /** Connected to 127.0.0.1:{@code port}; each read waits at most {@code timeoutMs}. */
    RawClient(int port, int timeoutMs) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(timeoutMs);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    void send(Frame f) throws IOException {
        byte[] body = f.toByteArray();
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    Frame receive() throws IOException {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        return Frame.parseFrom(body);
    }

    /** Sends Hello with {@code token} and returns the answer. */
    Frame hello(String token) throws IOException {
        send(Frame.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(ProtocolDescriptor.PROTOCOL_VERSION)
                .setAccessToken(token)).build());
        return receive();
    }

    /** Uploads {@code image} as one chunk and returns the board's answer. */
    Frame upload(Image image) throws IOException {
        byte[] bytes = ImageWriter.write(image);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        int c = (int) crc.getValue();
        send(Frame.newBuilder().setImageChunk(ImageChunk.newBuilder().setOffset(0).setData(ByteString.copyFrom(bytes))
                .setLast(true).setTotalBytes(bytes.length).setTotalCrc32(c).setChunkCrc32(c)).build());
        return receive();
    }

    /** True when the server has closed the connection (end of stream, nothing more to read). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
