package dev.loihi.board.nativelink;

import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.link.HostSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.mailbox.MailboxServer;
import dev.loihi.emulator.mailbox.MailboxServerMain;
import dev.loihi.emulator.mailbox.SessionEnd;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer on either side of the mailbox that crashes or freezes is detected and reported within
 * its timeout, never waited on forever. Peers run in processes of their own, killed with
 * SIGKILL or frozen with SIGSTOP as a real crash or hang would leave them.
 */
@Timeout(120)
class NativeFailureTest {
    private static final int DRIVER_TIMEOUT_MS = 500;
    private static final int HOST_TIMEOUT_MS = 500;
    private static final long SESSION_END_WAIT_MS = 30_000;
    private static final RunSpec RUN = RunSpec.of(50, ChannelConfig.defaults());

    private static ChildProcess boardProcess(Path mailbox) throws Exception {
        ChildProcess board = ChildProcess.start("mailbox serving", MailboxServerMain.class, "--mailbox", mailbox.toString(),
                "--host-timeout-ms", Integer.toString(HOST_TIMEOUT_MS));
        // One session at the driver's default timeout first: on a loaded machine a board JVM that
        // has just started can stand still longer than the tests' 500 ms while it compiles its loop.
        NativeDriver.load(NativeTestSupport.driverPath()).open("mailbox=" + mailbox).close();
        return board;
    }

    private static String target(Path mailbox) {
        return "native:" + NativeTestSupport.driverPath() + "?mailbox=" + mailbox + "&timeout_ms=" + DRIVER_TIMEOUT_MS;
    }

    @Test
    void shouldReportABoardProcessThatWasKilled() throws Exception {
        Path mailbox = NativeTestSupport.mailboxPath("killed-board");
        try (ChildProcess board = boardProcess(mailbox);
             HostSession link = NativeLink.open(target(mailbox), NativeTestSupport.options())) {
            link.connect();
            link.upload(RelayImage.build(16, 1));
            board.kill();
            LoihiException e = assertThrows(LoihiException.class, () -> link.runPrecompute(RUN, SpikeSchedule.empty(50)));
            assertEquals(SnipErrors.LINK_DISCONNECTED, e.code());
            assertTrue(e.getMessage().contains("LOIHI_E_PEER_GONE"), e.getMessage());
        } finally {
            Files.deleteIfExists(mailbox);
        }
    }

    @Test
    void shouldReportABoardProcessThatFroze() throws Exception {
        Path mailbox = NativeTestSupport.mailboxPath("frozen-board");
        try (ChildProcess board = boardProcess(mailbox);
             HostSession link = NativeLink.open(target(mailbox), NativeTestSupport.options())) {
            link.connect();
            link.upload(RelayImage.build(16, 1));
            board.freeze();
            LoihiException e = assertThrows(LoihiException.class, () -> link.runInteractive(RUN, (t, prev, in) -> { }));
            assertEquals(SnipErrors.LINK_TIMEOUT, e.code());
            assertTrue(e.getMessage().contains("LOIHI_E_PEER_STALLED"), e.getMessage());
            board.resume();
        } finally {
            Files.deleteIfExists(mailbox);
        }
    }

    @Test
    void shouldFreeTheSessionOfAHostProcessThatWasKilled() throws Exception {
        try (MailboxServer server = NativeTestSupport.startServer("killed-host", HOST_TIMEOUT_MS)) {
            try (ChildProcess host = ChildProcess.start("attached", HostProcessMain.class, target(server.mailbox()))) {
                host.kill();
                SessionEnd end = server.awaitSessionEnd(SESSION_END_WAIT_MS);
                assertNotNull(end, "the board still holds the session of a dead host");
                assertEquals(SessionEnd.Reason.HOST_GONE, end.reason());
                assertEquals(host.pid(), end.hostPid());
            }
            assertNextHostRuns(server);
        }
    }

    @Test
    void shouldFreeTheSessionOfAHostProcessThatFroze() throws Exception {
        try (MailboxServer server = NativeTestSupport.startServer("frozen-host", HOST_TIMEOUT_MS)) {
            try (ChildProcess host = ChildProcess.start("attached", HostProcessMain.class, target(server.mailbox()))) {
                host.freeze();
                SessionEnd end = server.awaitSessionEnd(SESSION_END_WAIT_MS);
                assertNotNull(end, "the board still holds the session of a frozen host");
                assertEquals(SessionEnd.Reason.HOST_STALLED, end.reason());
            }
            assertNextHostRuns(server);
        }
    }

    private static void assertNextHostRuns(MailboxServer server) {
        try (HostSession link = NativeLink.open(target(server.mailbox()), NativeTestSupport.options())) {
            link.connect();
            link.upload(RelayImage.build(16, 1));
            RunResult r = link.runPrecompute(RUN, SpikeSchedule.empty(50));
            assertEquals(50, r.steps());
        }
    }
}
