package dev.loihi.emulator.server;

import dev.loihi.proto.link.ErrorCode;
import dev.loihi.snips.wire.ErrorFrames;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-connection limits that do not depend on the protocol state: a connection over the
 * server's maximum is answered Error(BUSY) as soon as it opens, and a connection idle (nothing
 * read, nothing written) for the idle timeout is answered Error(TIMEOUT). Both then close only
 * that connection.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final int connection;
    private final ServerLimits limits;

    /** {@code connection}: how many connections are open, this one included. */
    ConnectionGuard(int connection, ServerLimits limits) {
        this.connection = connection;
        this.limits = limits;
    }

    boolean admitted() {
        return connection <= limits.maxConnections();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (admitted()) {
            ctx.fireChannelActive();
            return;
        }
        LOG.info("connection refused, server busy: peer={}, maxConnections={}", ctx.channel().remoteAddress(),
                limits.maxConnections());
        ctx.writeAndFlush(ErrorFrames.error(ErrorCode.BUSY, "server busy: maxConnections=" + limits.maxConnections()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.info("connection idle, closing: peer={}, idleTimeoutMs={}", ctx.channel().remoteAddress(),
                    limits.idleTimeoutMs());
            ctx.writeAndFlush(ErrorFrames.error(ErrorCode.TIMEOUT, "connection idle too long: idleTimeoutMs="
                    + limits.idleTimeoutMs())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
