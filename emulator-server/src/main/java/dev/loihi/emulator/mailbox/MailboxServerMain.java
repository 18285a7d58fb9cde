package dev.loihi.emulator.mailbox;

import dev.loihi.emulator.server.ServerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.common.MessageText;
import java.nio.file.Path;

/**
 * Serves the emulator on a mailbox in a process of its own, until killed:
 * {@code MailboxServerMain --mailbox PATH [--host-timeout-ms N] [--slot-bytes N --slots N] [--spin-micros N]}.
 * Prints one line, {@code mailbox serving: mailbox=PATH, pid=N}, once hosts may open it.
 */
public final class MailboxServerMain {
    private MailboxServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        MailboxServerConfig config;
        try {
            config = parse(args);
        } catch (LoihiException e) {
            System.err.println(errorLine(e));
            System.exit(2);
            return;
        }
        MailboxServer server;
        try {
            server = MailboxServer.start(config, e -> {
                System.err.println(errorLine(e));
                System.exit(2);
            });
        } catch (LoihiException e) {
            System.err.println(errorLine(e));
            System.exit(2);
            return;
        }
        System.out.println("mailbox serving: mailbox=" + server.mailbox() + ", pid=" + ProcessHandle.current().pid());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The one-line error: option names and values come from the command line and may hold control characters. */
    static String errorLine(LoihiException e) {
        return "error: [" + e.code() + "] " + MessageText.printable(String.valueOf(e.getMessage()));
    }

    static MailboxServerConfig parse(String[] args) {
        Path mailbox = null;
        int hostTimeoutMs = MailboxServerConfig.DEFAULT_HOST_TIMEOUT_MS;
        int slotBytes = MailboxServerConfig.DEFAULT_SLOT_BYTES;
        int slots = MailboxServerConfig.DEFAULT_SLOT_COUNT;
        int spinMicros = MailboxServerConfig.DEFAULT_SPIN_MICROS;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (i + 1 >= args.length) {
                throw new LoihiException(ServerErrors.MAILBOX_BAD_CONFIG, "option without a value: option=" + key);
            }
            String value = args[++i];
            switch (key) {
                case "--mailbox" -> mailbox = Path.of(value);
                case "--host-timeout-ms" -> hostTimeoutMs = number(key, value);
                case "--slot-bytes" -> slotBytes = number(key, value);
                case "--slots" -> slots = number(key, value);
                case "--spin-micros" -> spinMicros = number(key, value);
                default -> throw new LoihiException(ServerErrors.MAILBOX_BAD_CONFIG, "unknown option: option=" + key
                        + ", known=--mailbox,--host-timeout-ms,--slot-bytes,--slots,--spin-micros");
            }
        }
        if (mailbox == null) {
            throw new LoihiException(ServerErrors.MAILBOX_BAD_CONFIG, "missing option: option=--mailbox");
        }
        return MailboxServerConfig.of(mailbox).withSlots(slotBytes, slots).withHostTimeoutMs(hostTimeoutMs)
                .withSpinMicros(spinMicros);
    }

    private static int number(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new LoihiException(ServerErrors.MAILBOX_BAD_CONFIG, "option is not a whole number: option=" + key
                    + ", value=" + value);
        }
    }
}
