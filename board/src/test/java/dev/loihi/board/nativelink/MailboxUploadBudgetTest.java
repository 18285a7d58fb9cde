package dev.loihi.board.nativelink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.emulator.mailbox.MailboxServer;
import dev.loihi.emulator.mailbox.MailboxServerConfig;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerLimits;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.image.ImageWriter;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.snips.link.RelayImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A mailbox served beside a TCP server ({@code loihi serve --mailbox}) draws its uploads from the
 * server's whole upload budget, so a local host cannot add an image's worth of memory on top of
 * what the budget allows the TCP peers.
 */
@Timeout(60)
class MailboxUploadBudgetTest {
    private static final long BUDGET = 128 * 1024;

    @Test
    void shouldRefuseAnUploadBeyondTheSharedBudgetAndGiveItBack() throws Exception {
        NativeDriver driver = NativeDriver.load(NativeTestSupport.driverPath());
        Path mailbox = NativeTestSupport.mailboxPath("budget");
        byte[] large = new byte[1 << 20];
        try (EmulatorServer tcp = EmulatorServer.start(ServerOptions.loopback(0)
                     .withLimits(ServerLimits.defaults().withMaxUploadBufferBytes(BUDGET)));
             MailboxServer box = MailboxServer.start(MailboxServerConfig.of(mailbox), tcp.uploadBudget(), e -> { });
             NativeBoard board = driver.open(box.driverOptions())) {
            assertEquals(DriverStatus.E_BOARD, board.writeImage(large));
            assertEquals(ErrorCode.LIMIT_EXCEEDED_VALUE, board.lastRefusal().errorCode());
            assertTrue(board.lastRefusal().message().startsWith("server upload buffer full: "), board.lastRefusal().message());
            assertEquals(0, tcp.uploadBufferBytes(), "the refused upload gave its bytes back");
            assertEquals(DriverStatus.OK, board.writeImage(ImageWriter.write(RelayImage.build(8, 1))));
            assertEquals(0, tcp.uploadBufferBytes());
        } finally {
            Files.deleteIfExists(mailbox);
        }
    }

    @Test
    void shouldTakeTheSameBytesWhenTheMailboxServesAlone() throws Exception {
        NativeDriver driver = NativeDriver.load(NativeTestSupport.driverPath());
        Path mailbox = NativeTestSupport.mailboxPath("alone");
        try (MailboxServer box = MailboxServer.start(MailboxServerConfig.of(mailbox));
             NativeBoard board = driver.open(box.driverOptions())) {
            // received whole, then refused for what it holds (zeros are no image), not for its size
            assertEquals(DriverStatus.E_BOARD, board.writeImage(new byte[1 << 20]));
            assertEquals(ErrorCode.BAD_IMAGE_VALUE, board.lastRefusal().errorCode());
        } finally {
            Files.deleteIfExists(mailbox);
        }
    }
}
