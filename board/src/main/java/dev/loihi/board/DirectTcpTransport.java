package dev.loihi.board;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.Frame;
import dev.loihi.snips.link.FrameTransport;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.wire.FrameDecoder;
import dev.loihi.snips.wire.FrameEncoder;
import dev.loihi.snips.wire.FrameException;
import dev.loihi.snips.wire.ProtocolDescriptor;
import dev.loihi.snips.wire.TruncatedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * Frames over a plain TCP socket that the host thread drives itself: {@link #offer} and
 * {@link #flush} write on the calling thread, {@link #poll} reads on it. No event loop sits in
 * between, so an interactive step costs no thread hand-off on the host side: the kernel wakes
 * the host thread when the board's answer arrives. The socket is non-blocking, so a board that
 * stops reading is seen as BACK_PRESSURED (bytes stay queued here and go out on later calls)
 * rather than blocking the host thread in a write.
 */
final class DirectTcpTransport implements FrameTransport {
    /** How long {@link #poll} retries non-blocking reads before it waits in select (see TcpTransport). */
    static final long SPIN_NS = TcpTransport.SPIN_NS;
    static final long YIELD_NS = TcpTransport.YIELD_NS;
    /** Queued output past which {@link #offer} writes on its own, and past which it refuses. */
    static final int AUTO_FLUSH_BYTES = TcpTransport.AUTO_FLUSH_BYTES;
    static final int HIGH_WATER_BYTES = TcpTransport.WRITE_HIGH_WATER_BYTES;
    private static final int READ_CHUNK_BYTES = 64 * 1024;

    private final SocketChannel socket;
    private final Selector selector;
    private final SelectionKey key;
    private final String peer;
    private final int maxFrameBytes;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private final ByteBuf in;
    private long pendingBytes;
    private LoihiException failure;
    private boolean closed;

    private DirectTcpTransport(SocketChannel socket, Selector selector, String peer, int maxFrameBytes) throws IOException {
        this.socket = socket;
        this.selector = selector;
        this.key = socket.register(selector, SelectionKey.OP_READ);
        this.peer = peer;
        this.maxFrameBytes = maxFrameBytes;
        this.in = alloc.directBuffer(READ_CHUNK_BYTES);
    }

    /** Opens the connection; LINK_CONNECT when it cannot be made within connect_timeout_ms. */
    static DirectTcpTransport connect(String host, int port, LinkOptions options) {
        String peer = TcpLink.SCHEME + "://" + host + ":" + port;
        SocketChannel socket = null;
        Selector selector = null;
        try {
            socket = SocketChannel.open();
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            socket.socket().connect(new InetSocketAddress(host, port), options.connectTimeoutMs());
            socket.configureBlocking(false);
            selector = Selector.open();
            return new DirectTcpTransport(socket, selector, peer, options.maxFrameBytes());
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket, selector);
            throw new LoihiException(SnipErrors.LINK_CONNECT, "cannot reach board: peer=" + peer + ", connectTimeoutMs="
                    + options.connectTimeoutMs() + ", reason=" + e, e);
        }
    }

    @Override
    public long offer(Frame frame) {
        if (closed || failure != null || !socket.isOpen()) {
            return NOT_CONNECTED;
        }
        if (pendingBytes >= HIGH_WATER_BYTES && !writePending()) {
            return failure != null ? NOT_CONNECTED : BACK_PRESSURED;
        }
        ByteBuf bytes = FrameEncoder.encode(alloc, frame, ProtocolDescriptor.MAX_MAX_FRAME_BYTES);
        int n = bytes.readableBytes();
        pending.add(bytes);
        pendingBytes += n;
        if (pendingBytes >= AUTO_FLUSH_BYTES) {
            writePending();
        }
        return n;
    }

    @Override
    public void flush() {
        writePending();
    }

    @Override
    public Frame poll(long timeoutMs) {
        Frame f = decode();
        if (f == null && failure == null) {
            writePending();
            readAvailable();
            f = decode();
        }
        if (f == null && failure == null && timeoutMs > 0) {
            f = await(timeoutMs);
        }
        if (f == null && failure != null) {
            throw failure;
        }
        return f;
    }

    /** Retries reads for a few microseconds, then yields, then waits in select, until a frame or the timeout. */
    private Frame await(long timeoutMs) {
        long start = System.nanoTime();
        long end = start + timeoutMs * 1_000_000L;
        long spinEnd = Math.min(end, start + SPIN_NS);
        long yieldEnd = Math.min(end, start + YIELD_NS);
        Frame f = null;
        while (f == null && failure == null) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                return null;
            }
            if (now - spinEnd < 0) {
                Thread.onSpinWait();
            } else if (now - yieldEnd < 0) {
                Thread.yield();
            } else {
                select(Math.max(1, (end - now) / 1_000_000L));
            }
            writePending();
            readAvailable();
            f = decode();
        }
        return f;
    }

    private void select(long timeoutMs) {
        try {
            key.interestOps(pending.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            selector.select(timeoutMs);
            selector.selectedKeys().clear();
        } catch (IOException e) {
            fail(new LoihiException(SnipErrors.LINK_DISCONNECTED, "board connection failed: peer=" + peer + ", reason="
                    + e.getMessage(), e));
        }
    }

    /** Writes queued bytes without blocking; true when none are left. */
    private boolean writePending() {
        try {
            while (!pending.isEmpty()) {
                ByteBuf b = pending.peek();
                int written = b.readBytes(socket, b.readableBytes());
                pendingBytes -= written;
                if (b.isReadable()) {
                    return false;
                }
                pending.poll().release();
            }
            return true;
        } catch (IOException e) {
            fail(new LoihiException(SnipErrors.LINK_DISCONNECTED, "board connection failed: peer=" + peer + ", reason="
                    + e.getMessage(), e));
            return false;
        }
    }

    /** Reads what the socket holds now, without blocking; end of stream becomes the failure raised once frames are read. */
    private void readAvailable() {
        try {
            while (true) {
                in.ensureWritable(READ_CHUNK_BYTES);
                int n = in.writeBytes(socket, in.writableBytes());
                if (n < 0) {
                    TruncatedFrame cut = FrameDecoder.tail(in);
                    fail(new LoihiException(SnipErrors.LINK_DISCONNECTED, cut == null
                            ? "board closed the connection: peer=" + peer
                            : "board closed the connection inside a frame: peer=" + peer + ", " + cut.describe()));
                    return;
                }
                if (n == 0 || in.isWritable()) {
                    return;
                }
            }
        } catch (IOException e) {
            fail(new LoihiException(SnipErrors.LINK_DISCONNECTED, "board connection failed: peer=" + peer + ", reason="
                    + e.getMessage(), e));
        }
    }

    private Frame decode() {
        if (!in.isReadable()) {
            return null;
        }
        try {
            Frame f = FrameDecoder.next(in, maxFrameBytes);
            if (!in.isReadable()) {
                in.clear();
            } else if (in.readerIndex() > in.capacity() / 2) {
                in.discardReadBytes();
            }
            return f;
        } catch (FrameException e) {
            in.clear();
            fail(new LoihiException(SnipErrors.LINK_PROTOCOL, "board sent a bad frame: peer=" + peer + ", error=" + e.getMessage()));
            return null;
        }
    }

    private void fail(LoihiException e) {
        if (failure == null) {
            failure = e;
        }
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writePending();
        for (ByteBuf b : pending) {
            b.release();
        }
        pending.clear();
        in.release();
        closeQuietly(socket, selector);
    }

    private static void closeQuietly(SocketChannel socket, Selector selector) {
        try {
            if (selector != null) {
                selector.close();
            }
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // nothing left to tell the host: the link is being closed
        }
    }
}
