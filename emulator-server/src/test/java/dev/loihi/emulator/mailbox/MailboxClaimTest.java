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
    void shouldReplaceAStaleMailbox() throws IOException {
        Path mbx = dir.resolve("mbx");
        byte[] stale;
        try (MailboxServer dead = MailboxServer.start(MailboxServerConfig.of(mbx))) {
            stale = Files.readAllBytes(mbx);
        }
        Files.write(mbx, stale);
        try (MailboxServer next = MailboxServer.start(MailboxServerConfig.of(mbx))) {
            assertTrue(Files.exists(next.mailbox()));
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
