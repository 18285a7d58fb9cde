package dev.loihi.board.nativelink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.emulator.mailbox.MailboxServer;
import dev.loihi.emulator.mailbox.MailboxServerConfig;
import dev.loihi.snips.link.LinkOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the build put the driver libraries, and mailboxes for tests. */
final class NativeTestSupport {
    private NativeTestSupport() {}

    /** The reference driver the board module's build compiled (surefire sets loihi.driver.path). */
    static String driverPath() {
        return builtLibrary("loihi.driver.path");
    }

    /** A test library that reports a wrong ABI version. */
    static String abiMismatchPath() {
        return builtLibrary("loihi.driver.abiMismatchPath");
    }

    /**
     * A library the build compiled with gcc. A machine without gcc builds none: the test is
     * skipped, or fails when -Dloihi.native.required=true (CI), so it cannot pass silently there.
     */
    private static String builtLibrary(String property) {
        String path = System.getProperty(property);
        boolean built = path != null && Files.isRegularFile(Path.of(path));
        if (!built && !Boolean.getBoolean("loihi.native.required")) {
            Assumptions.abort("native library not built (no gcc?): " + property + "=" + path);
        }
        assertTrue(built, "the build did not compile a native library: " + property + "=" + path);
        return path;
    }

    /** A second copy of the driver, loaded as a library of its own. */
    static String driverCopyPath() {
        return builtLibrary("loihi.driver.copyPath");
    }

    /** A fresh mailbox path (the server creates the file). */
    static Path mailboxPath(String name) {
        try {
            Path dir = Files.createTempDirectory(MailboxServerConfig.defaultFolder(), "loihi-test-");
            dir.toFile().deleteOnExit();
            return dir.resolve(name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a test mailbox folder", e);
        }
    }

    static MailboxServer startServer(String name, int hostTimeoutMs) {
        return MailboxServer.start(MailboxServerConfig.of(mailboxPath(name)).withHostTimeoutMs(hostTimeoutMs));
    }

    static String target(MailboxServer server, int timeoutMs) {
        return "native:" + driverPath() + "?" + server.driverOptions() + "&timeout_ms=" + timeoutMs;
    }

    static LinkOptions options() {
        return LinkOptions.defaults();
    }
}
