package dev.loihi.board;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.snips.link.FrameTransport;
import dev.loihi.snips.link.HostSession;
import dev.loihi.snips.link.LinkOptions;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Makes board links over TCP: to an emulator server ({@code loihi serve}) or to a board's host
 * running the same protocol; each is a {@link HostSession} over a TCP transport. {@code tcp://} uses a socket the host thread drives itself
 * ({@link DirectTcpTransport}: no thread hand-off per interactive step); {@code tls://} uses
 * Netty with TLS ({@link TcpTransport}), trusting {@link LinkOptions#tlsTrust()}. The socket
 * opens in {@link HostSession#connect()}; every later wait is bounded by io_timeout_ms, and a closed or
 * silent board is a LoihiException (LINK_DISCONNECTED, LINK_TIMEOUT), never a hang.
 */
public final class TcpLink {
    public static final String SCHEME = "tcp";
    public static final String TLS_SCHEME = "tls";

    private TcpLink() {}

    /** A plain TCP link to {@code host:port}. */
    public static HostSession to(String host, int port, LinkOptions options) {
        return to(host, port, options, false);
    }

    /** A TCP link to {@code host:port}, with TLS when {@code tls} is set. */
    public static HostSession to(String host, int port, LinkOptions options, boolean tls) {
        return open(host, port, options, tls, false);
    }

    /** A plain TCP link carried by Netty's event loop, as before the host-thread transport. */
    static HostSession overNetty(String host, int port, LinkOptions options) {
        return open(host, port, options, false, true);
    }

    /**
     * Refuses what {@link #of} would refuse without connecting: a target that is neither form, and
     * for {@code tls://} a trust file that is not PEM certificates; so a run says so before it compiles.
     */
    public static void check(String target, LinkOptions options) {
        URI uri = uri(target);
        checkPort(uri.getHost(), uri.getPort());
        if (secure(uri)) {
            TlsClientContext.of(options);
        }
    }

    /** A link to {@code tcp://HOST:PORT} or {@code tls://HOST:PORT}; LINK_BAD_TARGET when the text is neither. */
    public static HostSession of(String target, LinkOptions options) {
        URI uri = uri(target);
        return to(uri.getHost(), uri.getPort(), options, secure(uri));
    }

    private static boolean secure(URI uri) {
        return TLS_SCHEME.equals(uri.getScheme());
    }

    private static URI uri(String target) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw badTarget(target);
        }
        if (!(secure(uri) || SCHEME.equals(uri.getScheme())) || uri.getHost() == null || uri.getPort() < 0
                || (uri.getPath() != null && !uri.getPath().isEmpty())) {
            throw badTarget(target);
        }
        return uri;
    }

    private static void checkPort(String host, int port) {
        if (port < 1 || port > 65_535) {
            throw new LoihiException(SnipErrors.LINK_BAD_TARGET, "board port out of range: host=" + host + ", port=" + port
                    + ", min=1, max=65535");
        }
    }

    private static HostSession open(String host, int port, LinkOptions options, boolean tls, boolean netty) {
        checkPort(host, port);
        String peer = (tls ? TLS_SCHEME : SCHEME) + "://" + host + ":" + port;
        return new HostSession(peer, () -> transport(host, port, options, tls, netty), options);
    }

    private static LoihiException badTarget(String target) {
        return new LoihiException(SnipErrors.LINK_BAD_TARGET, "board target is not tcp://HOST:PORT or tls://HOST:PORT: target=" + target);
    }

    private static FrameTransport transport(String host, int port, LinkOptions options, boolean tls, boolean netty) {
        if (tls) {
            return TcpTransport.connect(host, port, options, TlsClientContext.of(options));
        }
        if (netty) {
            return TcpTransport.connect(host, port, options);
        }
        return DirectTcpTransport.connect(host, port, options);
    }
}
