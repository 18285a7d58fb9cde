package dev.loihi.emulator.server;

import dev.loihi.proto.link.ErrorCode;
import dev.loihi.snips.wire.ErrorFrames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-connection limits that do not depend on the protocol state: a connection the server
 * cannot admit is answered Error(BUSY) as soon as it opens; a connection that has not passed
 * Hello within the Hello deadline, or that is idle (nothing read, nothing written) for the idle
 * timeout, is answered Error(TIMEOUT). Each then closes only that connection, and closes it even
 * when the peer does not read the answer.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    /** How long a closing connection's last frame may take to leave before the socket is closed anyway. */
    static final long CLOSE_GRACE_MS = 1_000;

    private final boolean admitted;
    private final Admission admission;
    private final ServerLimits limits;
    private ScheduledFuture<?> helloDeadline;

    ConnectionGuard(boolean admitted, Admission admission, ServerLimits limits) {
        this.admitted = admitted;
        this.admission = admission;
        this.limits = limits;
    }

    boolean admitted() {
        return admitted;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (admitted) {
            Channel ch = ctx.channel();
            helloDeadline = ctx.executor().schedule(() -> {
                if (admission.isPending(ch)) {
                    LOG.info("no Hello in time, closing: peer={}, helloTimeoutMs={}", ch.remoteAddress(),
                            limits.helloTimeoutMs());
                    answerAndClose(ctx, ErrorFrames.error(ErrorCode.TIMEOUT, "no Hello in time: helloTimeoutMs="
                            + limits.helloTimeoutMs()));
                }
            }, limits.helloTimeoutMs(), TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
            return;
        }
        LOG.info("connection refused, server busy: peer={}, maxConnections={}", ctx.channel().remoteAddress(),
                limits.maxConnections());
        answerAndClose(ctx, ErrorFrames.error(ErrorCode.BUSY, "server busy: maxConnections=" + limits.maxConnections()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (helloDeadline != null) {
            helloDeadline.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.info("connection idle, closing: peer={}, idleTimeoutMs={}", ctx.channel().remoteAddress(),
                    limits.idleTimeoutMs());
            answerAndClose(ctx, ErrorFrames.error(ErrorCode.TIMEOUT, "connection idle too long: idleTimeoutMs="
                    + limits.idleTimeoutMs()));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Sends {@code error} and closes; after {@link #CLOSE_GRACE_MS} closes anyway (a peer that reads nothing). */
    static void answerAndClose(ChannelHandlerContext ctx, Object error) {
        ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
        closeSoon(ctx.channel());
    }

    static void closeSoon(Channel ch) {
        if (!ch.eventLoop().isShuttingDown()) {
            ch.eventLoop().schedule(() -> ch.close(), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        }
    }
}
