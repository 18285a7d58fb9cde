package dev.loihi.emulator.server;

import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.snips.wire.ErrorFrames;
import dev.loihi.snips.wire.FrameDecoder;
import dev.loihi.snips.wire.FrameException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a server connection: turns every failure of this connection into an
 * Error frame and a close, never into a server failure, and hands decoded frames to the
 * connection's {@link EmulatorSession}.
 *
 * <p>The Hello is answered here on the event loop (a token check, microseconds), so a good
 * client is answered whatever other sessions do. Once it is accepted, the session moves to a
 * {@link SessionWorker} thread of its own: uploads and steps never run on an event loop.
 *
 * <p>Back-pressure, both ways and within the session's buffer budget: output the host has not
 * read holds the worker before it writes more ({@link OutputBudget}), so a host that stops
 * reading stops the stepping; input the worker has not run makes the event loop stop reading,
 * so the host's socket fills and its link sees BACK_PRESSURED.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter implements FrameSink {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);
    private static final int LENGTH_PREFIX_BYTES = 4;

    private final EmulatorBoardConfig board;
    private final ServerOptions options;
    private final SharedNetworks networks;
    private final UploadBudget uploads;
    private final Admission admission;
    private final OutputBudget output;
    private ChannelHandlerContext ctx;
    private EmulatorSession session;
    private volatile SessionWorker worker;
    /** Made when the HelloAck goes out; started once the Hello's handling has returned, so the session is never on two threads. */
    private SessionWorker starting;
    /** Frames the worker wrote since its last flush, their bytes already taken from the output budget; worker thread only. */
    private final ArrayDeque<Frame> pending = new ArrayDeque<>();

    SessionHandler(ServerOptions options, SharedNetworks networks, UploadBudget uploads, Admission admission,
                   AtomicLong outputBytes) {
        this.options = options;
        this.networks = networks;
        this.uploads = uploads;
        this.admission = admission;
        this.board = options.board();
        this.output = new OutputBudget(options.limits().maxSessionBufferBytes(), outputBytes);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        ctx = context;
        String peer = String.valueOf(context.channel().remoteAddress());
        session = new EmulatorSession(board, this, peer, options.security().accessToken(),
                options.limits().maxCoreBytes(), networks, uploads);
        LOG.debug("session opened: peer={}", peer);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof Frame f)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        SessionWorker w = worker;
        if (w == null) {
            session.onFrame(f);
            if (starting != null) {
                worker = starting;
                starting = null;
                worker.start();
            }
        } else if (!w.offer(f)) {
            context.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (worker == null) {
            ctx.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        stopSession();
        if (cause instanceof FrameException fe) {
            LOG.debug("bad frame, closing: peer={}, error={}", context.channel().remoteAddress(), fe.getMessage());
            ConnectionGuard.answerAndClose(context, ErrorFrames.error(fe.code(), fe.getMessage()));
        } else if (cause instanceof IOException) {
            LOG.debug("connection failed: peer={}, error={}", context.channel().remoteAddress(), cause.toString());
            context.close();
        } else {
            LOG.warn("session failed, closing: peer={}", context.channel().remoteAddress(), cause);
            ConnectionGuard.answerAndClose(context, ErrorFrames.error(ErrorCode.INTERNAL, "board failed: error=" + cause));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        admission.closed(context.channel());
        stopSession();
        LOG.debug("session closed: peer={}", context.channel().remoteAddress());
        context.fireChannelInactive();
    }

    private void stopSession() {
        if (session != null) {
            session.cancel();
        }
        output.close();
        SessionWorker w = worker;
        if (w != null) {
            w.stop();
        } else if (session != null) {
            session.onClosed();
        }
    }

    @Override
    public void send(Frame frame) {
        SessionWorker w = worker;
        if (w == null || !w.onWorkerThread()) {
            sendFromEventLoop(frame);
            return;
        }
        try {
            if (!output.take(bytes(frame), this::flushPending)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        pending.add(frame);
    }

    /**
     * On the worker: hands the frames written since the last flush to the event loop as one task
     * that writes and flushes them all. One hand-off per flush, not one per write and another for
     * the flush: an interactive step's answer costs a single wake-up of the event loop.
     */
    private void flushPending() {
        if (pending.isEmpty()) {
            return;
        }
        Frame[] batch = pending.toArray(new Frame[0]);
        pending.clear();
        try {
            ctx.executor().execute(() -> {
                for (Frame f : batch) {
                    long n = bytes(f);
                    ChannelPromise written = ctx.newPromise();
                    written.addListener(done -> output.give(n));
                    ctx.write(f, written);
                }
                ctx.flush();
            });
        } catch (RejectedExecutionException closing) {
            // The event loop is gone with its connection: the frames will never leave; their bytes come back.
            for (Frame f : batch) {
                output.give(bytes(f));
            }
        }
    }

    private static long bytes(Frame f) {
        return f.getSerializedSize() + LENGTH_PREFIX_BYTES;
    }

    /** The Hello's answer: HelloAck only when admission still has room for an authenticated session. */
    private void sendFromEventLoop(Frame frame) {
        if (frame.hasHelloAck()) {
            if (!admission.authenticate(ctx.channel())) {
                LOG.info("connection refused after Hello, server busy: peer={}, maxConnections={}",
                        ctx.channel().remoteAddress(), options.limits().maxConnections());
                session.onClosed();
                ConnectionGuard.answerAndClose(ctx, ErrorFrames.error(ErrorCode.BUSY, "server busy: maxConnections="
                        + options.limits().maxConnections()));
                return;
            }
            // The Hello passed the token and version checks: frames of the board's full size are welcome now.
            ctx.pipeline().get(FrameDecoder.class).maxFrameBytes(board.maxFrameBytes());
            SessionWorker w = new SessionWorker(session, ctx.channel(), options.limits().maxSessionBufferBytes(),
                    () -> ConnectionGuard.answerAndClose(ctx, ErrorFrames.error(ErrorCode.INTERNAL,
                            "board failed: peer=" + ctx.channel().remoteAddress())), this::flushPending);
            ctx.write(frame, ctx.voidPromise());
            starting = w;
            return;
        }
        ctx.write(frame, ctx.voidPromise());
    }

    @Override
    public void flush() {
        if (onWorker()) {
            flushPending();
        } else {
            ctx.flush();
        }
    }

    private boolean onWorker() {
        SessionWorker w = worker;
        return w != null && w.onWorkerThread();
    }

    @Override
    public void close() {
        if (onWorker()) {
            // what the session wrote before closing (its last Error, say) leaves first
            flushPending();
        }
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        ConnectionGuard.closeSoon(ctx.channel());
    }
}
