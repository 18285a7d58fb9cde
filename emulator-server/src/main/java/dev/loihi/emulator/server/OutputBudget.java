package dev.loihi.emulator.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The output one session may have written and not yet seen leave through its socket. The
 * session's thread takes a frame's bytes before it writes the frame and waits while they do not
 * fit: a host that does not read stops the board's stepping instead of making it buffer. One
 * frame always passes when nothing is outstanding, so any frame the protocol allows can go.
 * The bytes come back when the write completes or fails.
 */
final class OutputBudget {
    private final long maxBytes;
    /** All sessions' outstanding output: what the server reports, not what it limits. */
    private final AtomicLong serverOutstanding;
    private long outstanding;
    private boolean closed;

    OutputBudget(long maxBytes, AtomicLong serverOutstanding) {
        this.maxBytes = maxBytes;
        this.serverOutstanding = serverOutstanding;
    }

    /**
     * Waits until {@code bytes} fit, calling {@code beforeWait} once first (the writes held back
     * for batching must leave before their bytes can come back); false when the budget closed
     * (the connection is gone) meanwhile.
     */
    synchronized boolean take(long bytes, Runnable beforeWait) throws InterruptedException {
        boolean flushed = false;
        while (!closed && outstanding > 0 && outstanding + bytes > maxBytes) {
            if (!flushed) {
                beforeWait.run();
                flushed = true;
            }
            wait();
        }
        if (closed) {
            return false;
        }
        outstanding += bytes;
        serverOutstanding.addAndGet(bytes);
        return true;
    }

    synchronized void give(long bytes) {
        outstanding -= bytes;
        serverOutstanding.addAndGet(-bytes);
        notifyAll();
    }

    synchronized long outstanding() {
        return outstanding;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
