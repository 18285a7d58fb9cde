package dev.loihi.board.nativelink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.emulator.mailbox.MailboxServerMain;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.HostSession;
import dev.loihi.snips.link.ProbeTrace;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, point 5: another process that truncates the mailbox during a run used to kill both
 * JVMs with SIGBUS. Now the board's memory is a sealed memfd handed over by descriptor: a third
 * process (coreutils {@code truncate}) tries the path and every descriptor of that memory in both
 * the board's and the host's process mid-run; every attempt fails, and the run completes with
 * the outputs of an undisturbed run, on a board process that still serves.
 */
@Timeout(120)
class MailboxTruncationTest {
    private static final int STEPS = 300;
    private static final int ATTACK_STEP = 100;
    private static final int AXONS = 16;

    @Test
    void shouldSurviveAnotherProcessTruncatingTheMailboxDuringARun() throws Exception {
        Path mailbox = NativeTestSupport.mailboxPath("truncated");
        String target = "native:" + NativeTestSupport.driverPath() + "?mailbox=" + mailbox;
        try (ChildProcess board = ChildProcess.start("mailbox serving", MailboxServerMain.class, "--mailbox", mailbox.toString());
             HostSession link = NativeLink.open(target, NativeTestSupport.options())) {
            link.connect();
            link.upload(RelayImage.build(AXONS, 1));
            RunResult undisturbed = run(link, null);
            List<String> attempts = new ArrayList<>();
            RunResult attacked = run(link, () -> attempts.addAll(truncateEverything(mailbox, board.pid())));
            assertTrue(attempts.size() >= 3, "the path and the memory in both processes were tried: " + attempts);
            for (String attempt : attempts) {
                assertTrue(attempt.startsWith("refused "), attempt);
            }
            // The memory refuses by its seal (EPERM), not by chance: every attempt but the path's.
            assertEquals(attempts.size() - 1, attempts.stream().filter(a -> a.endsWith("Operation not permitted")).count(),
                    attempts.toString());
            assertTrue(board.alive(), "the board process survives");
            assertOutputsEqual(undisturbed, attacked);
            assertOutputsEqual(undisturbed, run(link, null));
        } finally {
            Files.deleteIfExists(mailbox);
        }
    }

    /** An interactive run from reset state, one host spike a step; {@code attack} runs once, mid-run. */
    private static RunResult run(HostSession link, Runnable attack) {
        return link.runInteractive(RunSpec.of(STEPS, ChannelConfig.defaults()), (step, previous, input) -> {
            if (step == ATTACK_STEP && attack != null) {
                attack.run();
            }
            input.spike(0, step % AXONS);
        });
    }

    private static void assertOutputsEqual(RunResult expected, RunResult actual) {
        ProbeTrace e = expected.probe(RelayImage.OUTPUT_SPIKES);
        ProbeTrace a = actual.probe(RelayImage.OUTPUT_SPIKES);
        assertEquals(STEPS, a.steps());
        assertArrayEquals(counts(e), counts(a));
        assertNotEquals(0, java.util.Arrays.stream(counts(e)).sum(), "the run has output to compare");
    }

    private static int[] counts(ProbeTrace t) {
        int[] c = new int[t.steps()];
        for (int s = 0; s < c.length; s++) {
            c[s] = t.spikeCount(s);
        }
        return c;
    }

    /** Runs {@code truncate -s 0} on the mailbox path and on each descriptor of its memory in the board and in this process. */
    private static List<String> truncateEverything(Path mailbox, long boardPid) {
        List<String> results = new ArrayList<>();
        try {
            List<Path> victims = new ArrayList<>();
            victims.add(mailbox);
            List<Path> boardFds = memoryDescriptors(boardPid);
            List<Path> hostFds = memoryDescriptors(ProcessHandle.current().pid());
            assertFalse(boardFds.isEmpty(), "the board holds its memory by descriptor");
            assertFalse(hostFds.isEmpty(), "the driver holds the memory by descriptor");
            victims.addAll(boardFds);
            victims.addAll(hostFds);
            for (Path victim : victims) {
                ProcessBuilder pb = new ProcessBuilder("truncate", "-s", "0", victim.toString()).redirectErrorStream(true);
                pb.environment().put("LC_ALL", "C");
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                results.add((p.exitValue() == 0 ? "TRUNCATED " : "refused ") + victim + ": " + out);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("truncate could not be run", e);
        }
        return results;
    }

    /** The /proc/PID/fd entries that are the mailbox's memfd. */
    private static List<Path> memoryDescriptors(long pid) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("/memfd:loihi-mailbox")) {
                        found.add(fd);
                    }
                } catch (IOException gone) {
                    // a descriptor closed while listing
                }
            }
        }
        return found;
    }
}
