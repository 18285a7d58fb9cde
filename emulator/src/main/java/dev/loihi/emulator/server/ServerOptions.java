package dev.loihi.emulator.server;

import dev.loihi.common.LoihiException;
import dev.loihi.snips.SnipErrors;

/**
 * Where and how the emulator server listens.
 *
 * @param bindHost  the address to listen on; loopback by default, since the protocol has no access control
 * @param port      the TCP port; 0 picks a free one (tests)
 * @param board     what the board offers each session
 * @param ioThreads event loop threads; each connection's session runs on one of them
 */
public record ServerOptions(String bindHost, int port, EmulatorBoardConfig board, int ioThreads) {
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 7010;

    public ServerOptions {
        if (port < 0 || port > 65_535) {
            throw new LoihiException(SnipErrors.BAD_CONFIG, "server port out of range: port=" + port + ", min=0, max=65535");
        }
        if (ioThreads < 1) {
            throw new LoihiException(SnipErrors.BAD_CONFIG, "server threads below 1: ioThreads=" + ioThreads);
        }
    }

    /** Loopback, {@code port}, default board, two event loop threads. */
    public static ServerOptions loopback(int port) {
        return new ServerOptions(LOOPBACK, port, EmulatorBoardConfig.defaults(), 2);
    }

    public ServerOptions withBoard(EmulatorBoardConfig config) {
        return new ServerOptions(bindHost, port, config, ioThreads);
    }
}
