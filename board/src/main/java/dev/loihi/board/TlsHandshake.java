package dev.loihi.board;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Waits for a client channel's TLS handshake, so a refused certificate is a connect failure, not a later disconnect. */
final class TlsHandshake {
    private TlsHandshake() {}

    static void await(Channel channel, String peer, int timeoutMs, EventLoopGroup group) {
        Future<Channel> handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
        boolean done = handshake.awaitUninterruptibly(timeoutMs);
        if (done && handshake.isSuccess()) {
            return;
        }
        channel.close();
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        String reason = !done ? "no answer" : rootMessage(handshake.cause());
        throw new LoihiException(SnipErrors.LINK_CONNECT, "TLS handshake with the board failed: peer=" + peer
                + ", connectTimeoutMs=" + timeoutMs + ", reason=" + reason, handshake.cause());
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
