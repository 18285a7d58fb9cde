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
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a server connection: feeds decoded frames to the connection's
 * {@link EmulatorSession} on the event loop (a step of a small image takes microseconds, and
 * staying on one thread keeps the per-step round trip free of hand-offs), and turns every
 * failure of this connection into an Error frame and a close, never into a server failure.
 *
 * <p>Back-pressure: when the host stops reading and the outbound buffer passes its high
 * water mark, the handler stops reading input, so the host's socket fills and its link sees
 * BACK_PRESSURED, instead of the board buffering output without bound. Frames already decoded
 * from the last read wait in {@link #held} until the buffer drains, since running their steps
 * would add output the host is not taking.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter implements FrameSink {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);

    private final EmulatorBoardConfig board;
    private final ServerOptions options;
    private final SharedNetworks networks;
    private ChannelHandlerContext ctx;
    private EmulatorSession session;
    private final ArrayDeque<Frame> held = new ArrayDeque<>();
    /** A flush inside a held frame's steps can report writability again: frames must still run in order. */
    private boolean draining;

    SessionHandler(ServerOptions options, SharedNetworks networks) {
        this.options = options;
        this.networks = networks;
        this.board = options.board();
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        ctx = context;
        String peer = String.valueOf(context.channel().remoteAddress());
        session = new EmulatorSession(board, this, peer, options.security().accessToken(),
                options.limits().maxCoreBytes(), networks);
        LOG.debug("session opened: peer={}", peer);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof Frame f) {
            if (held.isEmpty() && context.channel().isWritable()) {
                session.onFrame(f);
            } else {
                held.add(f);
                context.channel().config().setAutoRead(false);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        session.onInputDrained();
        if (!context.channel().isWritable()) {
            context.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable() && !draining) {
            draining = true;
            try {
                while (!held.isEmpty() && context.channel().isWritable()) {
                    session.onFrame(held.poll());
                }
                session.onInputDrained();
            } finally {
                draining = false;
            }
            if (held.isEmpty() && context.channel().isWritable()) {
                context.channel().config().setAutoRead(true);
            }
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (session != null) {
            session.onClosed();
        }
        if (cause instanceof FrameException fe) {
            LOG.debug("bad frame, closing: peer={}, error={}", context.channel().remoteAddress(), fe.getMessage());
            context.writeAndFlush(ErrorFrames.error(fe.code(), fe.getMessage())).addListener(ChannelFutureListener.CLOSE);
        } else if (cause instanceof IOException) {
            LOG.debug("connection failed: peer={}, error={}", context.channel().remoteAddress(), cause.toString());
            context.close();
        } else {
            LOG.warn("session failed, closing: peer={}", context.channel().remoteAddress(), cause);
            context.writeAndFlush(ErrorFrames.error(ErrorCode.INTERNAL, "board failed: error=" + cause))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (session != null) {
            session.onClosed();
        }
        LOG.debug("session closed: peer={}", context.channel().remoteAddress());
        context.fireChannelInactive();
    }

    @Override
    public void send(Frame frame) {
        if (frame.hasHelloAck()) {
            // The Hello passed the token and version checks: frames of the board's full size are welcome now.
            ctx.pipeline().get(FrameDecoder.class).maxFrameBytes(board.maxFrameBytes());
        }
        ctx.write(frame, ctx.voidPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public void close() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
