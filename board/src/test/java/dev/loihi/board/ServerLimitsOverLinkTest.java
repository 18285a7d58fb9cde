package dev.loihi.board;

import dev.loihi.snips.link.HostSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerLimits;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.emulator.server.ServerSecurity;
import dev.loihi.snips.link.LinkOptions;
import org.junit.jupiter.api.Test;

/** What a host sees through TcpLink when the server's limits or its token refuse it: one line, a stable code, no hang. */
class ServerLimitsOverLinkTest {
    private static final LinkOptions OPTIONS = LinkOptions.defaults().withIoTimeoutMs(5_000);

    @Test
    void shouldRaiseLinkBusyForAConnectionOverTheServersMaximum() {
        ServerOptions one = ServerOptions.loopback(0).withLimits(ServerLimits.defaults().withMaxConnections(1));
        try (EmulatorServer server = EmulatorServer.start(one);
             HostSession first = TcpLink.to("127.0.0.1", server.port(), OPTIONS);
             HostSession second = TcpLink.to("127.0.0.1", server.port(), OPTIONS)) {
            first.connect();
            LoihiException e = assertThrows(LoihiException.class, second::connect);
            assertEquals("LINK_BUSY", e.code());
            assertEquals("server busy: maxConnections=1", e.getMessage());
        }
    }

    @Test
    void shouldRaiseLinkTimeoutWhenTheServerClosesAnIdleSession() throws InterruptedException {
        ServerOptions idle = ServerOptions.loopback(0).withLimits(ServerLimits.defaults().withIdleTimeoutMs(200));
        try (EmulatorServer server = EmulatorServer.start(idle);
             HostSession link = TcpLink.to("127.0.0.1", server.port(), OPTIONS)) {
            link.connect();
            Thread.sleep(600);
            LoihiException e = assertThrows(LoihiException.class, link::reset);
            assertEquals("LINK_TIMEOUT", e.code());
            assertEquals("connection idle too long: idleTimeoutMs=200", e.getMessage());
        }
    }

    @Test
    void shouldAdmitTheRightTokenAndRefuseAWrongOneOverPlainTcp() {
        ServerOptions guarded = ServerOptions.loopback(0).withSecurity(ServerSecurity.none().withAccessToken("t0k"));
        try (EmulatorServer server = EmulatorServer.start(guarded)) {
            try (HostSession good = TcpLink.to("127.0.0.1", server.port(), OPTIONS.withAccessToken("t0k"))) {
                assertEquals("emulator", good.connect().board());
            }
            try (HostSession bad = TcpLink.to("127.0.0.1", server.port(), OPTIONS.withAccessToken("t0K"))) {
                LoihiException e = assertThrows(LoihiException.class, bad::connect);
                assertEquals("LINK_UNAUTHORIZED", e.code());
                assertEquals("access refused", e.getMessage());
            }
        }
    }
}
