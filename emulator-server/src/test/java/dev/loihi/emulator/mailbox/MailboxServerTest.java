package dev.loihi.emulator.mailbox;

import static dev.loihi.emulator.mailbox.MailboxDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.proto.link.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The board side of the mailbox against a Java host that misbehaves on purpose. */
@Timeout(60)
class MailboxServerTest {
    private static final int HOST_TIMEOUT_MS = 300;
    private static final long WAIT_MS = 20_000;

    @TempDir
    Path dir;
    private MailboxServer server;
    private RingTestHost host;

    @BeforeEach
    void start() throws IOException {
        server = MailboxServer.start(MailboxServerConfig.of(dir.resolve("mbx")).withHostTimeoutMs(HOST_TIMEOUT_MS));
        host = new RingTestHost(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldPublishAHeaderTheDriverChecks() {
        assertEquals(MAGIC, host.buffer.getLong(MAGIC_OFFSET));
        assertEquals(LAYOUT_VERSION, host.buffer.getInt(LAYOUT_VERSION_OFFSET));
        assertEquals(BOARD_SERVING, host.boardState());
        assertEquals((int) ProcessHandle.current().pid(), host.buffer.getInt(BOARD_PID_OFFSET));
        int slotBytes = host.buffer.getInt(SLOT_BYTES_OFFSET);
        int slots = host.buffer.getInt(SLOT_COUNT_OFFSET);
        assertEquals(fileBytes(slotBytes, slots), host.buffer.getLong(FILE_BYTES_OFFSET));
        assertEquals(fileBytes(slotBytes, slots), host.buffer.capacity());
        assertEquals(HEADER_BYTES + (long) slotBytes * slots, host.buffer.getLong(B2H_OFFSET_OFFSET));
    }

    @Test
    void shouldKeepBeatingWithoutAHost() throws InterruptedException {
        long before = host.boardHeartbeat();
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (host.boardHeartbeat() == before && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
        assertNotEquals(before, host.boardHeartbeat());
    }

    @Test
    void shouldAnswerHello() throws InterruptedException {
        assertTrue(host.claim((int) ProcessHandle.current().pid()));
        host.send(HELLO, DRIVER_ABI_VERSION);
        int slot = host.receive(WAIT_MS);
        assertEquals(HELLO_ACK, host.type(slot));
        assertEquals(1, host.seq(slot));
        host.release();
    }

    @Test
    void shouldEndTheSessionOnClose() throws InterruptedException {
        long id = host.sessionId();
        assertTrue(host.claim((int) ProcessHandle.current().pid()));
        host.send(HELLO, DRIVER_ABI_VERSION);
        host.receive(WAIT_MS);
        host.release();
        host.send(CLOSE, 0);
        assertEquals(CLOSED, host.type(host.receive(WAIT_MS)));
        host.release();
        SessionEnd end = server.awaitSessionEnd(WAIT_MS);
        assertEquals(SessionEnd.Reason.CLOSED, end.reason());
        assertEquals(0, host.owner());
        assertEquals(id + 1, host.sessionId());
    }

    @Test
    void shouldRefuseAMessageOutOfSequence() throws InterruptedException {
        assertTrue(host.claim((int) ProcessHandle.current().pid()));
        host.send(HELLO, 2, 0, 0, 0, 0, DRIVER_ABI_VERSION, new int[0]);
        int slot = host.receive(WAIT_MS);
        assertEquals(ERROR, host.type(slot));
        assertEquals(ErrorCode.BAD_FRAME_VALUE, host.aux(slot));
        assertEquals(SessionEnd.Reason.PROTOCOL, server.awaitSessionEnd(WAIT_MS).reason());
    }

    @Test
    void shouldRefuseAnotherDriverAbi() throws InterruptedException {
        assertTrue(host.claim((int) ProcessHandle.current().pid()));
        host.send(HELLO, DRIVER_ABI_VERSION + 1);
        int slot = host.receive(WAIT_MS);
        assertEquals(ERROR, host.type(slot));
        assertEquals(SessionEnd.Reason.PROTOCOL, server.awaitSessionEnd(WAIT_MS).reason());
    }

    @Test
    void shouldFreeTheSessionOfAHostWhoseProcessExited() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertTrue(host.claim((int) gone.pid()));
        SessionEnd end = server.awaitSessionEnd(WAIT_MS);
        assertNotNull(end, "the board kept the session of a host that no longer exists");
        assertEquals(SessionEnd.Reason.HOST_GONE, end.reason());
        assertEquals((int) gone.pid(), end.hostPid());
        assertEquals(0, host.owner());
    }

    @Test
    void shouldFreeTheSessionOfAHostThatStopsBeating() throws InterruptedException {
        assertTrue(host.claim((int) ProcessHandle.current().pid()));
        SessionEnd end = server.awaitSessionEnd(WAIT_MS);
        assertNotNull(end, "the board kept the session of a silent host");
        assertEquals(SessionEnd.Reason.HOST_STALLED, end.reason());
        assertTrue(host.claim((int) ProcessHandle.current().pid()), "the freed session could not be claimed again");
    }

    @Test
    void shouldTellHostsItShutDown() throws InterruptedException {
        assertTrue(host.claim((int) ProcessHandle.current().pid()));
        host.send(HELLO, DRIVER_ABI_VERSION);
        host.receive(WAIT_MS);
        Path file = server.mailbox();
        server.close();
        assertEquals(BOARD_SHUT_DOWN, host.boardState());
        assertFalse(Files.exists(file));
        assertEquals(SessionEnd.Reason.SHUTDOWN, server.sessionHistory().get(0).reason());
    }
}
