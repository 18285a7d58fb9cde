package dev.loihi.board;

import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.link.BoardInfo;
import dev.loihi.snips.link.BoardLink;
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
 * A board link over TCP (Netty): to an emulator server ({@code loihi serve}) or to a board's
 * host running the same protocol. The socket opens in {@link #connect()}; every later wait is
 * bounded by io_timeout_ms, and a closed or silent board is a LoihiException
 * (LINK_DISCONNECTED, LINK_TIMEOUT), never a hang.
 */
public final class TcpLink implements BoardLink {
    public static final String SCHEME = "tcp";

    private final String host;
    private final int port;
    private final LinkOptions options;
    private HostSession session;
    private boolean closed;

    public TcpLink(String host, int port, LinkOptions options) {
        if (port < 1 || port > 65_535) {
            throw new LoihiException(LinkErrors.BAD_TARGET, "board port out of range: host=" + host + ", port=" + port
                    + ", min=1, max=65535");
        }
        this.host = host;
        this.port = port;
        this.options = options;
    }

    /** A link to {@code tcp://HOST:PORT}; LINK_BAD_TARGET when the text is not such an address. */
    public static TcpLink of(String target, LinkOptions options) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw badTarget(target);
        }
        if (!SCHEME.equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0
                || (uri.getPath() != null && !uri.getPath().isEmpty())) {
            throw badTarget(target);
        }
        return new TcpLink(uri.getHost(), uri.getPort(), options);
    }

    private static LoihiException badTarget(String target) {
        return new LoihiException(LinkErrors.BAD_TARGET, "board target is not tcp://HOST:PORT: target=" + target);
    }

    @Override
    public BoardInfo connect() {
        if (closed) {
            throw new LoihiException(LinkErrors.STATE, "link is closed: peer=" + peer());
        }
        if (session == null) {
            session = new HostSession(TcpTransport.connect(host, port, options), options);
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
        return SCHEME + "://" + host + ":" + port;
    }

    private HostSession session() {
        if (session == null) {
            throw new LoihiException(LinkErrors.STATE, "link used before connect: peer=" + peer());
        }
        return session;
    }
}
