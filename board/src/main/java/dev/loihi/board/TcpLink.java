package dev.loihi.board;

import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.link.BoardInfo;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.FrameTransport;
import dev.loihi.snips.link.HostSession;
import dev.loihi.snips.link.LinkErrors;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import dev.loihi.snips.link.StepHandler;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A board link over TCP: to an emulator server ({@code loihi serve}) or to a board's host
 * running the same protocol. {@code tcp://} uses a socket the host thread drives itself
 * ({@link DirectTcpTransport}: no thread hand-off per interactive step); {@code tls://} uses
 * Netty with TLS ({@link TcpTransport}), trusting {@link LinkOptions#tlsTrust()}. The socket
 * opens in {@link #connect()}; every later wait is bounded by io_timeout_ms, and a closed or
 * silent board is a LoihiException (LINK_DISCONNECTED, LINK_TIMEOUT), never a hang.
 */
public final class TcpLink implements BoardLink {
    public static final String SCHEME = "tcp";
    public static final String TLS_SCHEME = "tls";

    private final String host;
    private final int port;
    private final LinkOptions options;
    private final boolean tls;
    /** Plain TCP over the Netty transport instead of the host-thread socket (benchmarks compare the two). */
    private final boolean netty;
    private HostSession session;
    private boolean closed;

    public TcpLink(String host, int port, LinkOptions options) {
        this(host, port, options, false);
    }

    public TcpLink(String host, int port, LinkOptions options, boolean tls) {
        this(host, port, options, tls, false);
    }

    /** A plain TCP link carried by Netty's event loop, as before the host-thread transport. */
    static TcpLink overNetty(String host, int port, LinkOptions options) {
        return new TcpLink(host, port, options, false, true);
    }

    private TcpLink(String host, int port, LinkOptions options, boolean tls, boolean netty) {
        if (port < 1 || port > 65_535) {
            throw new LoihiException(LinkErrors.BAD_TARGET, "board port out of range: host=" + host + ", port=" + port
                    + ", min=1, max=65535");
        }
        this.host = host;
        this.port = port;
        this.options = options;
        this.tls = tls;
        this.netty = netty;
    }

    /** A link to {@code tcp://HOST:PORT} or {@code tls://HOST:PORT}; LINK_BAD_TARGET when the text is neither. */
    public static TcpLink of(String target, LinkOptions options) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw badTarget(target);
        }
        boolean secure = TLS_SCHEME.equals(uri.getScheme());
        if (!(secure || SCHEME.equals(uri.getScheme())) || uri.getHost() == null || uri.getPort() < 0
                || (uri.getPath() != null && !uri.getPath().isEmpty())) {
            throw badTarget(target);
        }
        return new TcpLink(uri.getHost(), uri.getPort(), options, secure);
    }

    private static LoihiException badTarget(String target) {
        return new LoihiException(LinkErrors.BAD_TARGET, "board target is not tcp://HOST:PORT or tls://HOST:PORT: target=" + target);
    }

    @Override
    public BoardInfo connect() {
        if (closed) {
            throw new LoihiException(LinkErrors.STATE, "link is closed: peer=" + peer());
        }
        if (session == null) {
            session = new HostSession(openTransport(), options);
        }
        return session.connect();
    }

    @Override
    public BoardInfo board() {
        return session().board();
    }

    @Override
    public void upload(Image image) {
        session().upload(image);
    }

    @Override
    public RunResult runPrecompute(RunSpec spec, SpikeSchedule input) {
        return session().runPrecompute(spec, input);
    }

    @Override
    public RunResult runInteractive(RunSpec spec, StepHandler handler) {
        return session().runInteractive(spec, handler);
    }

    @Override
    public void reset() {
        session().reset();
    }

    @Override
    public ChannelReport statistics() {
        return session == null ? ChannelReport.EMPTY : session.statistics();
    }

    @Override
    public void close() {
        closed = true;
        if (session != null) {
            session.close();
        }
    }

    public String peer() {
        return (tls ? TLS_SCHEME : SCHEME) + "://" + host + ":" + port;
    }

    private FrameTransport openTransport() {
        if (tls) {
            return TcpTransport.connect(host, port, options, TlsClientContext.of(options));
        }
        if (netty) {
            return TcpTransport.connect(host, port, options);
        }
        return DirectTcpTransport.connect(host, port, options);
    }

    private HostSession session() {
        if (session == null) {
            throw new LoihiException(LinkErrors.STATE, "link used before connect: peer=" + peer());
        }
        return session;
    }
}
