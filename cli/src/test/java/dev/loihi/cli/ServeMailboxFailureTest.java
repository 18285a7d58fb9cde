package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.board.nativelink.DriverStatus;
import dev.loihi.board.nativelink.NativeBoard;
import dev.loihi.board.nativelink.NativeDriver;
import dev.loihi.common.LoihiException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, point 5: a mailbox thread that dies takes {@code loihi serve} down with one line,
 * instead of vanishing while TCP goes on. The failure is a real one: {@code serve} runs in a JVM
 * whose heap (64 MiB) is smaller than an image its settings accept (512 MiB), and a host sends a
 * 96 MiB image through the native driver, so the mailbox thread runs out of memory.
 */
@Timeout(120)
class ServeMailboxFailureTest {
    private static final int IMAGE_BYTES = 96 << 20;

    @TempDir
    Path dir;

    @Test
    void shouldGoDownWithOneLineWhenItsMailboxThreadDies() throws Exception {
        LoihiException unavailable = NativeDriver.unavailabilityCause(NativeDriver.BUILTIN);
        if (unavailable != null && !Boolean.getBoolean("loihi.native.required")) {
            Assumptions.abort("native driver not built (no gcc?): " + unavailable.getMessage());
        }
        NativeDriver driver = NativeDriver.load(NativeDriver.BUILTIN);
        Path mailbox = dir.resolve("mbx");
        Path err = dir.resolve("err.txt");
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--mailbox", mailbox.toString())
                .redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String serving = out.readLine();
            assertTrue(serving != null && serving.startsWith("serving the emulator on tcp://"), serving);
            try (NativeBoard board = driver.open("mailbox=" + mailbox)) {
                int status = board.writeImage(new byte[IMAGE_BYTES]);
                assertNotEquals(DriverStatus.OK, status, "the image cannot have loaded");
            } catch (LoihiException expected) {
                // the board went away under the upload: the driver says so in its own one line
                assertFalse(expected.getMessage().contains("\n"), expected.getMessage());
            }
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve must go down, not serve TCP alone");
            assertEquals(2, serve.exitValue());
            assertEquals(null, out.readLine(), "nothing more on stdout");
            List<String> lines = Files.readAllLines(err);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("error: [MAILBOX_FAILED] mailbox thread failed: mailbox=" + mailbox
                    + ", reason=java.lang.OutOfMemoryError"), lines.get(0));
            assertFalse(Files.exists(mailbox), "the mailbox is removed");
            assertFalse(Files.exists(dir.resolve("mbx.lock")), "the lock is released and removed");
        } finally {
            serve.destroyForcibly();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
