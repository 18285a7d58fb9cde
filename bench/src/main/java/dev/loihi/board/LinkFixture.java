package dev.loihi.board;

import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.InProcessLink;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.LinkOptions;

/**
 * A link with the echo image loaded: {@code tcp} starts an emulator server in this JVM on a
 * loopback port and connects with the host-thread socket; {@code tcp-netty} does the same over
 * the Netty client transport (the baseline the host-thread socket replaced); {@code in-process} needs no server; {@code tcp://HOST:PORT} connects to a
 * server already running (in another JVM, as a board's host would be).
 */
final class LinkFixture implements AutoCloseable {
    final EmulatorServer server;
    final BoardLink link;

    LinkFixture(String kind) {
        if ("tcp".equals(kind)) {
            server = EmulatorServer.start(ServerOptions.loopback(0));
            link = TcpLink.to("127.0.0.1", server.port(), LinkOptions.defaults());
        } else if ("tcp-netty".equals(kind)) {
            server = EmulatorServer.start(ServerOptions.loopback(0));
            link = TcpLink.overNetty("127.0.0.1", server.port(), LinkOptions.defaults());
        } else if ("in-process".equals(kind)) {
            server = null;
            link = InProcessLink.open();
        } else if (kind.startsWith(TcpLink.SCHEME + "://")) {
            server = null;
            link = TcpLink.of(kind, LinkOptions.defaults());
        } else {
            throw new IllegalArgumentException("link kind: " + kind);
        }
        link.connect();
        link.upload(EchoImage.build());
    }

    @Override
    public void close() {
        link.close();
        if (server != null) {
            server.close();
        }
    }
}
