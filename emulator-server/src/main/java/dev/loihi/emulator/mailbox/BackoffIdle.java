package dev.loihi.emulator.mailbox;

import java.util.concurrent.locks.LockSupport;

/**
 * How the serving loop waits for the host: busy-spin first (a step's input usually follows
 * within microseconds, and a parked thread takes tens of microseconds to wake), then yield the
 * CPU for a millisecond, then sleep in short and, after a long idle spell, longer naps.
 */
final class BackoffIdle {
    private static final long YIELD_NS = 1_000_000L;
    private static final long SHORT_NAP_PHASE_NS = 100_000_000L;
    private static final long SHORT_NAP_NS = 50_000L;
    private static final long LONG_NAP_NS = 1_000_000L;

    private final long spinNs;
    private long startNs;

    BackoffIdle(long spinNs) {
        this.spinNs = spinNs;
    }

    void idle(long nowNs) {
        if (startNs == 0) {
            startNs = nowNs;
        }
        long waited = nowNs - startNs;
        if (waited < spinNs) {
            Thread.onSpinWait();
        } else if (waited < spinNs + YIELD_NS) {
            Thread.yield();
        } else if (waited < SHORT_NAP_PHASE_NS) {
            LockSupport.parkNanos(SHORT_NAP_NS);
        } else {
            LockSupport.parkNanos(LONG_NAP_NS);
        }
    }

    /** Work arrived: the next wait starts spinning again. */
    void reset() {
        startNs = 0;
    }
}
