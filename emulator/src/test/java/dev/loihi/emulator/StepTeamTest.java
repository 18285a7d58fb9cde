package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The stepping threads' barrier ({@link StepTeam}): a step in which a shard fails throws once,
 * after every other shard has finished it, and later steps are refused; a thread that did not
 * park is left no permit that would cut its next park short.
 */
class StepTeamTest {

    @Test
    void shouldFailOnceWhenAWorkersShardFailsAndRefuseLaterSteps() throws InterruptedException {
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        RuntimeException planted = new IllegalArgumentException("planted");
        StepTeam team = new StepTeam(2, k -> {
            if (runs.incrementAndGet(k) == 5 && k == 2) {
                throw planted;
            }
        });
        for (int t = 0; t < 4; t++) {
            team.step(() -> runs.incrementAndGet(0));
        }
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> team.step(() -> runs.incrementAndGet(0)));
        assertSame(planted, failed.getCause());
        assertTrue(failed.getMessage().contains("step 5"), failed.getMessage());
        // every shard finished step 5 before it threw
        for (int k = 0; k < 3; k++) {
            assertEquals(5, runs.get(k), "shard " + k);
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> team.step(() -> runs.incrementAndGet(0)));
        assertTrue(refused.getMessage().startsWith("stepping refused: a stepping thread failed in step 5"),
                refused.getMessage());
        assertSame(planted, refused.getCause());
        for (int k = 0; k < 3; k++) {
            assertEquals(5, runs.get(k), "no shard stepped again, shard " + k);
        }
        assertTrue(team.awaitStopped(10_000), "the workers did not end");
    }

    @Test
    void shouldWaitForTheWorkersWhenTheCallersShardFails() throws InterruptedException {
        AtomicIntegerArray runs = new AtomicIntegerArray(2);
        StepTeam team = new StepTeam(1, k -> {
            // slower than the caller's failure: the step waits for it
            LockSupport.parkNanos(5_000_000);
            runs.incrementAndGet(k);
        });
        team.step(() -> runs.incrementAndGet(0));
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> team.step(() -> {
            throw new ArithmeticException("planted");
        }));
        assertTrue(failed.getCause() instanceof ArithmeticException);
        assertEquals(2, runs.get(1), "the worker's shard of the failed step had finished");
        assertThrows(IllegalStateException.class, () -> team.step(() -> runs.incrementAndGet(0)));
        assertEquals(1, runs.get(0));
        assertEquals(2, runs.get(1));
        assertTrue(team.awaitStopped(10_000), "the worker did not end");
    }

    /**
     * Steps in which the worker finishes while the caller spins leave the caller no permit: its
     * next park waits. (A permit left by every such step cut the next park short, which then
     * counted as a second one.)
     */
    @Test
    void shouldLeaveTheCallerNoPermitWhenItDidNotPark() {
        StepTeam team = new StepTeam(1, k -> { });
        for (int t = 0; t < 50; t++) {
            team.step(() -> { });
        }
        long from = System.nanoTime();
        LockSupport.parkNanos(50_000_000);
        long parked = System.nanoTime() - from;
        team.stop();
        assertTrue(parked >= 40_000_000, "the caller's park returned after " + parked + " ns");
    }

    /** A worker that spun between steps is not unparked, so a park inside its next shard step waits. */
    @Test
    void shouldLeaveAWorkerNoPermitWhenItDidNotPark() {
        long[] parked = {-1};
        int[] step = {0};
        StepTeam team = new StepTeam(1, k -> {
            if (step[0] == 49) {
                long from = System.nanoTime();
                LockSupport.parkNanos(50_000_000);
                parked[0] = System.nanoTime() - from;
            }
        });
        for (int t = 0; t < 50; t++) {
            step[0] = t;
            team.step(() -> { });
        }
        team.stop();
        assertTrue(parked[0] >= 40_000_000, "the worker's park returned after " + parked[0] + " ns");
    }
}
