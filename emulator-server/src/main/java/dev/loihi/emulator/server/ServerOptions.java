package dev.loihi.emulator.server;

import dev.loihi.common.LoihiException;
import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where and how the emulator server listens.
 *
 * @param bindHost  the address to listen on; loopback by default. Any other address requires an access token
 * @param port      the TCP port; 0 picks a free one (tests)
 * @param board     what the board offers each session
 * @param ioThreads event loop threads; each connection's session runs on one of them
 * @param limits    connections, core size and idle time granted to clients
 * @param security  access token and TLS
 */
public record ServerOptions(String bindHost, int port, EmulatorBoardConfig board, int ioThreads, ServerLimits limits,
                            ServerSecurity security) {
    public static final String LOOPBACK = "127.0.0.1";
    /** Event loop threads unless told otherwise. */
    public static final int DEFAULT_IO_THREADS = 2;

    public ServerOptions {
        if (port < 0 || port > 65_535) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "server port out of range: port=" + port + ", min=0, max=65535");
        }
        if (ioThreads < 1) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "server threads below 1: ioThreads=" + ioThreads);
        }
        limits = limits == null ? ServerLimits.defaults() : limits;
        security = security == null ? ServerSecurity.none() : security;
    }

    /** Default limits, no token, no TLS. */
    public ServerOptions(String bindHost, int port, EmulatorBoardConfig board, int ioThreads) {
        this(bindHost, port, board, ioThreads, null, null);
    }

    /** Loopback, {@code port}, default board, two event loop threads. */
    public static ServerOptions loopback(int port) {
        return new ServerOptions(LOOPBACK, port, EmulatorBoardConfig.defaults(), DEFAULT_IO_THREADS);
    }

    /** Loopback on the protocol's default port, default board, limits and threads, no token, no TLS. */
    public static ServerOptions defaults() {
        return loopback(ProtocolDescriptor.DEFAULT_PORT);
    }

    public ServerOptions withBoard(EmulatorBoardConfig config) {
        return new ServerOptions(bindHost, port, config, ioThreads, limits, security);
    }

    public ServerOptions withLimits(ServerLimits l) {
        return new ServerOptions(bindHost, port, board, ioThreads, l, security);
    }

    public ServerOptions withSecurity(ServerSecurity s) {
        return new ServerOptions(bindHost, port, board, ioThreads, limits, s);
    }

    public ServerOptions withBind(String host, int newPort) {
        return new ServerOptions(host, newPort, board, ioThreads, limits, security);
    }

    /**
     * SERVER_NO_TOKEN unless the bind address is loopback or an access token is set: without one,
     * anyone who reaches the address could load images and run them.
     */
    void requireAccessControl() {
        if (security.hasToken()) {
            return;
        }
        boolean loopback;
        try {
            InetAddress[] all = InetAddress.getAllByName(bindHost);
            loopback = all.length > 0;
            for (InetAddress a : all) {
                loopback &= a.isLoopbackAddress();
            }
        } catch (UnknownHostException e) {
            throw new LoihiException(ServerErrors.SERVER_BIND, "cannot listen: host=" + bindHost + ", port=" + port
                    + ", reason=unknown host", e);
        }
        if (!loopback) {
            throw new LoihiException(ServerErrors.SERVER_NO_TOKEN, "binding beyond loopback needs an access token: host="
                    + bindHost + ", set server.access_token or --access-token-file");
        }
    }
}
