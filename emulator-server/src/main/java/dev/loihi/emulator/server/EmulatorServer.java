package dev.loihi.emulator.server;

import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.snips.wire.ErrorFrames;
import dev.loihi.snips.wire.FrameDecoder;
import dev.loihi.snips.wire.FrameEncoder;
import dev.loihi.snips.wire.NettyTransports;
import dev.loihi.snips.wire.ProtocolDescriptor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves the host-board protocol (docs/PROTOCOL.md) for the emulator over TCP: one
 * {@link EmulatorSession}, with its own emulator, per connection. A connection's pipeline is
 * TLS (when configured), idle timer, {@link ConnectionGuard} (admission, Hello deadline, idle
 * timeout), frame decoder (bounded by the board's max frame size), frame encoder, session
 * handler, which runs the session on a thread of its own once the Hello is accepted. A bad
 * frame, a failing session or a broken limit closes that connection only; memory is granted
 * within the budgets of {@link ServerLimits} as bytes arrive.
 */
public final class EmulatorServer implements AutoCloseable {
    /**
     * The largest frame taken before a Hello is accepted (a Hello needs a few hundred bytes), so
     * a client that has not shown the token cannot make the server buffer a full-size frame.
     */
    static final int PRE_HELLO_MAX_FRAME_BYTES = ProtocolDescriptor.MIN_MAX_FRAME_BYTES;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final AtomicInteger sessions;
    private final Admission admission;
    private final UploadBudget uploads;
    private final AtomicLong outputBytes;
    /** Every open connection, so that close() closes them itself before the event loops stop. */
    private final ChannelGroup connections;

    private EmulatorServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel, AtomicInteger sessions,
                           Admission admission, UploadBudget uploads, AtomicLong outputBytes, ChannelGroup connections) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.sessions = sessions;
        this.admission = admission;
        this.uploads = uploads;
        this.outputBytes = outputBytes;
        this.connections = connections;
    }

    /**
     * Binds and starts serving; SERVER_BIND when the address cannot be bound, SERVER_NO_TOKEN
     * when it is not loopback and no access token is set, SERVER_TLS when the TLS key material
     * cannot be read.
     */
    public static EmulatorServer start(ServerOptions options) {
        options.requireAccessControl();
        EmulatorBoardConfig board = options.board();
        ServerLimits limits = options.limits();
        SslContext tls = options.security().tls() ? ServerTls.context(options.security()) : null;
        AtomicInteger sessions = new AtomicInteger();
        // Connections that upload the same image (one host's workers, say) share its loaded network.
        SharedNetworks networks = new SharedNetworks();
        UploadBudget uploads = new UploadBudget(limits.maxUploadBufferBytes());
        Admission admission = new Admission(limits);
        AtomicLong outputBytes = new AtomicLong();
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        EventLoopGroup boss = NettyTransports.group(1, "loihi-server-accept");
        EventLoopGroup workers = NettyTransports.group(options.ioThreads(), "loihi-server-io");
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NettyTransports.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        sessions.incrementAndGet();
                        connections.add(ch);
                        ch.closeFuture().addListener(f -> sessions.decrementAndGet());
                        Admission.Opening opening = admission.open(ch);
                        if (opening.evicted() != null) {
                            Channel old = opening.evicted();
                            old.eventLoop().execute(() -> {
                                old.writeAndFlush(ErrorFrames.error(ErrorCode.BUSY, "too many connections without Hello: "
                                        + "maxPendingConnections=" + limits.maxPendingConnections()));
                                old.close();
                            });
                        }
                        ConnectionGuard guard = new ConnectionGuard(opening.admitted(), admission, limits);
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        if (limits.idleTimeoutMs() > 0) {
                            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, limits.idleTimeoutMs(),
                                    TimeUnit.MILLISECONDS));
                        }
                        ch.pipeline().addLast("frameEncoder", new FrameEncoder(ProtocolDescriptor.MAX_MAX_FRAME_BYTES))
                                .addLast("guard", guard);
                        if (guard.admitted()) {
                            ch.pipeline().addLast("frameDecoder", new FrameDecoder(PRE_HELLO_MAX_FRAME_BYTES))
                                    .addLast("session", new SessionHandler(options, networks, uploads, admission,
                                            outputBytes));
                        }
                    }
                });
        try {
            Channel ch = b.bind(options.bindHost(), options.port()).syncUninterruptibly().channel();
            return new EmulatorServer(boss, workers, ch, sessions, admission, uploads, outputBytes, connections);
        } catch (Exception e) {
            // Netty rethrows the bind's checked BindException unchecked: catch it as well.
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new LoihiException(ServerErrors.SERVER_BIND, "cannot listen: host=" + options.bindHost() + ", port="
                    + options.port() + ", reason=" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The bound port (the chosen one when started with port 0). */
    public int port() {
        return address().getPort();
    }

    /** Connections open now. */
    public int sessions() {
        return sessions.get();
    }

    /** Connections past Hello now. */
    public int authenticatedSessions() {
        return admission.authenticated();
    }

    /** The budget this server's uploads draw on, for a mailbox served beside it to share. */
    public UploadBudget uploadBudget() {
        return uploads;
    }

    /** Image bytes all uploads in progress hold now (within {@link ServerLimits#maxUploadBufferBytes()}). */
    public long uploadBufferBytes() {
        return uploads.held();
    }

    /** Output all sessions have written and their sockets not yet taken (each within its session budget). */
    public long outputBufferBytes() {
        return outputBytes.get();
    }

    /** Blocks until {@link #close()} is called from another thread (the {@code serve} command). */
    public void awaitClose() {
        channel.closeFuture().syncUninterruptibly();
    }

    /** Stops listening and closes every session. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        // Closed here, not left to the loops' shutdown: a host must see its connection end by the time close() returns.
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
