package dev.loihi.emulator.mailbox;

import dev.loihi.emulator.server.ServerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loihi.common.LoihiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a board does with the path it is told to serve, and how it leaves it. */
@Timeout(60)
class MailboxClaimTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAMailboxAnotherBoardServes() {
        Path mbx = dir.resolve("mbx");
        try (MailboxServer live = MailboxServer.start(MailboxServerConfig.of(mbx))) {
            LoihiException e = assertThrows(LoihiException.class, () -> MailboxServer.start(MailboxServerConfig.of(mbx)));
            assertEquals(ServerErrors.MAILBOX_BUSY, e.code());
            assertTrue(e.getMessage().endsWith(", pid=" + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(Files.exists(live.mailbox()), "the live mailbox stays");
        }
        assertFalse(Files.exists(mbx));
        assertFalse(Files.exists(dir.resolve("mbx.lock")));
    }

    @Test
    void shouldRefuseToOverwriteAFileThatIsNotAMailbox() throws IOException {
        Path data = dir.resolve("data.bin");
        Files.writeString(data, "precious");
        LoihiException e = assertThrows(LoihiException.class, () -> MailboxServer.start(MailboxServerConfig.of(data)));
        assertEquals(ServerErrors.MAILBOX_NOT_A_MAILBOX, e.code());
        assertEquals("precious", Files.readString(data));
        assertFalse(Files.exists(dir.resolve("data.bin.lock")));
    }

    @Test
    void shouldRefuseAFifoOrADirectory() throws Exception {
        Files.createDirectory(dir.resolve("d"));
        assertEquals(ServerErrors.MAILBOX_NOT_A_MAILBOX, assertThrows(LoihiException.class,
                () -> MailboxServer.start(MailboxServerConfig.of(dir.resolve("d")))).code());
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor() == 0, "mkfifo is available");
        assertEquals(ServerErrors.MAILBOX_NOT_A_MAILBOX, assertThrows(LoihiException.class,
                () -> MailboxServer.start(MailboxServerConfig.of(fifo))).code());
    }

    @Test
    void shouldReplaceTheSocketOfABoardThatDied() throws IOException {
        Path mbx = dir.resolve("mbx");
        // A board killed with SIGKILL leaves its socket behind, and nobody listens on it.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(mbx));
        }
        assertTrue(Files.exists(mbx));
        try (MailboxServer next = MailboxServer.start(MailboxServerConfig.of(mbx));
             SocketChannel host = SocketChannel.open(UnixDomainSocketAddress.of(next.mailbox()))) {
            assertTrue(host.isConnected(), "the new board listens at the path");
        }
    }

    @Test
    void shouldReplaceTheMappedFileAnOlderBoardLeft() throws IOException {
        Path mbx = dir.resolve("mbx");
        ByteBuffer header = ByteBuffer.allocate(MailboxDescriptor.HEADER_BYTES).order(ByteOrder.nativeOrder());
        header.putLong(MailboxDescriptor.MAGIC_OFFSET, MailboxDescriptor.MAGIC);
        Files.write(mbx, header.array());
        try (MailboxServer next = MailboxServer.start(MailboxServerConfig.of(mbx))) {
            assertFalse(Files.isRegularFile(next.mailbox()), "the file is replaced by the board's socket");
        }
    }

    @Test
    void shouldRefuseASocketAnotherProgramServes() throws IOException {
        Path sock = dir.resolve("sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(sock));
            LoihiException e = assertThrows(LoihiException.class, () -> MailboxServer.start(MailboxServerConfig.of(sock)));
            assertEquals(ServerErrors.MAILBOX_NOT_A_MAILBOX, e.code());
            assertTrue(e.getMessage().endsWith("kind=socket another program serves"), e.getMessage());
            assertTrue(Files.exists(sock));
        }
    }

    @Test
    void shouldRemoveItsMailboxOnSigterm() throws Exception {
        Path mbx = dir.resolve("mbx");
        Process board = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MailboxServerMain.class.getName(), "--mailbox", mbx.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(board.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line);
            assertTrue(line.startsWith("mailbox serving: mailbox="), line);
            assertTrue(Files.exists(mbx));
            board.destroy();
            assertTrue(board.waitFor(20, TimeUnit.SECONDS));
            assertFalse(Files.exists(mbx), "SIGTERM removes the mailbox");
            assertFalse(Files.exists(dir.resolve("mbx.lock")));
        } finally {
            board.destroyForcibly();
        }
    }
}
