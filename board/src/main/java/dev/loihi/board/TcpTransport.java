package dev.loihi.board;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.Frame;
import dev.loihi.snips.link.FrameTransport;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.wire.FrameDecoder;
import dev.loihi.snips.wire.FrameEncoder;
import dev.loihi.snips.wire.FrameException;
import dev.loihi.snips.wire.NettyTransports;
import dev.loihi.snips.wire.ProtocolDescriptor;
import dev.loihi.snips.wire.TruncatedFrame;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Frames over a Netty TCP connection to a board. The host thread encodes each frame itself and
 * hands the bytes of everything offered since the last flush to the event loop in one task, so
 * in a precompute run encoding and socket writes proceed on two cores, and an interactive step
 * costs one hand-off. Inbound frames wait in a queue for {@link #poll}, which spins briefly, then
 * yields, then blocks (an Aeron-style back-off): the answer to an interactive step usually
 * arrives before the thread parks, saving the wake-up of a parked thread on every step.
 */
final class TcpTransport implements FrameTransport {
    /**
     * How long {@link #poll} spins, then yields, before it parks the thread. The spin is short:
     * measured on a loaded 2-core machine, spinning took the core the event loops carrying the
     * answer needed (a 200 us spin tripled the round trip), while yielding lets them run and
     * still saves the wake-up of a parked thread.
     */
    static final long SPIN_NS = 2_000;
    static final long YIELD_NS = 500_000;
    /** Offered bytes the host thread holds before it hands them to the event loop unasked. */
    static final int AUTO_FLUSH_BYTES = 256 * 1024;
    static final int WRITE_LOW_WATER_BYTES = 1 << 20;
    static final int WRITE_HIGH_WATER_BYTES = 4 << 20;
    /** Queued after the channel closes, so a thread blocked in poll wakes up. */
    private static final Frame CLOSED = Frame.getDefaultInstance();

    private final EventLoopGroup group;
    private final Channel channel;
    private final String peer;
    private final LinkedBlockingQueue<Frame> inbox;
    private final Inbound inbound;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean closedSeen;

    private TcpTransport(EventLoopGroup group, Channel channel, String peer, Inbound inbound) {
        this.group = group;
        this.channel = channel;
        this.peer = peer;
        this.inbound = inbound;
        this.inbox = inbound.inbox;
    }

    /** Opens the connection; LINK_CONNECT when it cannot be made within connect_timeout_ms. */
    static TcpTransport connect(String host, int port, LinkOptions options) {
        return connect(host, port, options, null);
    }

    /**
     * Opens the connection, over TLS when {@code tls} is not null (the handshake, too, must end
     * within connect_timeout_ms); LINK_CONNECT when it cannot be made.
     */
    static TcpTransport connect(String host, int port, LinkOptions options, SslContext tls) {
        String peer = (tls == null ? "tcp://" : "tls://") + host + ":" + port;
        LinkedBlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
        EventLoopGroup group = NettyTransports.group(1, "loihi-link-io");
        Inbound inbound = new Inbound(inbox, peer);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NettyTransports.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMs())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_LOW_WATER_BYTES, WRITE_HIGH_WATER_BYTES))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast("frameDecoder", new FrameDecoder(options.maxFrameBytes()))
                                .addLast("frameEncoder", new FrameEncoder(ProtocolDescriptor.MAX_MAX_FRAME_BYTES))
                                .addLast("inbound", inbound);
                    }
                });
        ChannelFuture f;
        try {
            f = b.connect(host, port);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new LoihiException(SnipErrors.LINK_CONNECT, "cannot reach board: peer=" + peer + ", reason=" + e, e);
        }
        // Netty fails the future itself after CONNECT_TIMEOUT_MILLIS; the extra second only guards that timer.
        boolean done = f.awaitUninterruptibly(options.connectTimeoutMs() + 1_000L);
        if (!done || !f.isSuccess()) {
            f.cancel(false);
            f.channel().close();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            String reason = done && f.cause() != null ? f.cause().getMessage() : "no answer";
            throw new LoihiException(SnipErrors.LINK_CONNECT, "cannot reach board: peer=" + peer + ", connectTimeoutMs="
                    + options.connectTimeoutMs() + ", reason=" + reason, f.cause());
        }
        if (tls != null) {
            TlsHandshake.await(f.channel(), peer, options.connectTimeoutMs(), group);
        }
        return new TcpTransport(group, f.channel(), peer, inbound);
    }

    @Override
    public long offer(Frame frame) {
        if (!channel.isActive()) {
            return NOT_CONNECTED;
        }
        if (!channel.isWritable()) {
            return BACK_PRESSURED;
        }
        ByteBuf bytes = FrameEncoder.encode(channel.alloc(), frame, ProtocolDescriptor.MAX_MAX_FRAME_BYTES);
        int n = bytes.readableBytes();
        pending.add(bytes);
        pendingBytes += n;
        if (pendingBytes >= AUTO_FLUSH_BYTES) {
            flush();
        }
        return n;
    }

    /** Hands everything offered since the last flush to the event loop as one write-and-flush task. */
    @Override
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        ByteBuf out = pending.size() == 1 ? pending.poll() : Unpooled.wrappedBuffer(pending.toArray(new ByteBuf[0]));
        pending.clear();
        pendingBytes = 0;
        channel.writeAndFlush(out, channel.voidPromise());
    }

    @Override
    public Frame poll(long timeoutMs) {
        Frame f = inbox.poll();
        if (f == null && timeoutMs > 0) {
            long start = System.nanoTime();
            long spinEnd = start + Math.min(SPIN_NS, timeoutMs * 1_000_000L);
            long yieldEnd = start + Math.min(YIELD_NS, timeoutMs * 1_000_000L);
            while (f == null && System.nanoTime() - spinEnd < 0) {
                Thread.onSpinWait();
                f = inbox.poll();
            }
            // Yielding rather than spinning on: the event loops that carry the answer may need this core.
            while (f == null && System.nanoTime() - yieldEnd < 0) {
                Thread.yield();
                f = inbox.poll();
            }
            if (f == null) {
                try {
                    f = inbox.poll(timeoutMs, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LoihiException(SnipErrors.LINK_DISCONNECTED, "interrupted while waiting for the board: peer=" + peer, e);
                }
            }
        }
        if (f == CLOSED || (f == null && closedSeen)) {
            closedSeen = true;
            inbox.offer(CLOSED);
            LoihiException cause = inbound.failure;
            throw cause != null ? cause : new LoihiException(SnipErrors.LINK_DISCONNECTED, "board closed the connection: peer=" + peer);
        }
        return f;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() {
        for (ByteBuf b : pending) {
            b.release();
        }
        pending.clear();
        channel.close().awaitUninterruptibly(1_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Board frames into the inbox; a failure is kept and raised once the inbox is drained. */
    private static final class Inbound extends ChannelInboundHandlerAdapter {
        private final LinkedBlockingQueue<Frame> inbox;
        private final String peer;
        volatile LoihiException failure;

        Inbound(LinkedBlockingQueue<Frame> inbox, String peer) {
            this.inbox = inbox;
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Frame f) {
                inbox.offer(f);
            } else if (msg instanceof TruncatedFrame t && failure == null) {
                failure = new LoihiException(SnipErrors.LINK_DISCONNECTED, "board closed the connection inside a frame: peer="
                        + peer + ", " + t.describe());
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LoihiException e;
            if (cause instanceof FrameException fe) {
                e = new LoihiException(SnipErrors.LINK_PROTOCOL, "board sent a bad frame: peer=" + peer + ", error=" + fe.getMessage());
            } else if (cause instanceof IOException) {
                e = new LoihiException(SnipErrors.LINK_DISCONNECTED, "board connection failed: peer=" + peer + ", reason="
                        + cause.getMessage(), cause);
            } else {
                e = new LoihiException(SnipErrors.LINK_PROTOCOL, "board connection failed: peer=" + peer + ", error=" + cause, cause);
            }
            if (failure == null) {
                failure = e;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inbox.offer(CLOSED);
            ctx.fireChannelInactive();
        }
    }
}
