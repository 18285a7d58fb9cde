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
 * after every other shard has finished it, and later steps are refused; parks are counted once
 * per wait that ended in one, not again for a permit an earlier step left.
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
     * Quick steps, in which the worker finishes while the caller spins, alternate with slow ones,
     * in which the caller parks until the worker is done: one park each. Both shards take 2 ms,
     * so that neither thread waits long enough to park in a quick step or between steps. Before parks were counted
     * once per wait, a quick step's wake-up left the caller a permit, and each slow step counted
     * two.
     */
    @Test
    void shouldCountOneParkForEachWaitThatEndedInOne() {
        int slowSteps = 20;
        boolean[] slow = new boolean[1];
        StepTeam team = new StepTeam(1, k -> {
            busy();
            if (slow[0]) {
                // a sleep, not a park: a permit left to this thread would cut a park short
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        Runnable own = StepTeamTest::busy;
        for (int t = 0; t < 2 * slowSteps; t++) {
            slow[0] = t % 2 == 1;
            team.step(own);
        }
        team.stop();
        long parks = team.parks();
        assertTrue(parks >= slowSteps && parks <= slowSteps + slowSteps / 4,
                "parks=" + parks + " for " + slowSteps + " slow steps");
    }

    /** 2 ms of wall time on the processor (a shard's step): waiting threads spin that long before they park. */
    private static void busy() {
        long until = System.nanoTime() + 2_000_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
