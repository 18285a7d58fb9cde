package dev.loihi.emulator.mailbox;

import dev.loihi.emulator.server.ServerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailboxServerConfigTest {
    private static final MailboxServerConfig DEFAULTS = MailboxServerConfig.of(Path.of("/tmp/x"));

    @ParameterizedTest
    @CsvSource({"64, 256", "4000, 256", "4096, 1", "4096, 100", "2097152, 256", "1048576, 4096"})
    void shouldRefuseASlotLayoutOutOfRange(int slotBytes, int slots) {
        LoihiException e = assertThrows(LoihiException.class, () -> DEFAULTS.withSlots(slotBytes, slots));
        assertEquals(ServerErrors.MAILBOX_BAD_CONFIG, e.code());
    }

    @Test
    void shouldRefuseAHostTimeoutShorterThanSeveralBeats() {
        LoihiException e = assertThrows(LoihiException.class, () -> DEFAULTS.withHostTimeoutMs(50));
        assertEquals(ServerErrors.MAILBOX_BAD_CONFIG, e.code());
    }

    @Test
    void shouldShrinkTheChannelCapToOneSlot() {
        MailboxServerConfig small = DEFAULTS.withSlots(256, 16);
        assertEquals((256 - MailboxDescriptor.SLOT_HEADER_BYTES) / 8, small.board().maxSpikesPerStep());
    }

    @Test
    void shouldNameTheMissingOptionOfTheServerProcess() {
        LoihiException e = assertThrows(LoihiException.class, () -> MailboxServerMain.parse(new String[] {"--slots", "8"}));
        assertEquals(ServerErrors.MAILBOX_BAD_CONFIG, e.code());
    }

    @Test
    void shouldRefuseANonNumberForTheServerProcess() {
        LoihiException e = assertThrows(LoihiException.class,
                () -> MailboxServerMain.parse(new String[] {"--mailbox", "/tmp/m", "--slots", "many"}));
        assertEquals(ServerErrors.MAILBOX_BAD_CONFIG, e.code());
    }

    @Test
    void shouldKeepTheServerProcessErrorOnOneLine() {
        LoihiException e = assertThrows(LoihiException.class,
                () -> MailboxServerMain.parse(new String[] {"--mailbox", "/tmp/m", "--slots", "8\r\n9\u001b"}));
        String line = MailboxServerMain.errorLine(e);
        assertEquals("error: [MAILBOX_BAD_CONFIG] option is not a whole number: option=--slots, value=8\\x0d\\x0a9\\x1b", line);
    }
}
