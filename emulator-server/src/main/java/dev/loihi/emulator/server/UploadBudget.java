package dev.loihi.emulator.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The image bytes all of a server's uploads may hold at once. An upload takes from it only as
 * its buffer grows with bytes that arrived, and gives back when the upload ends, so a peer that
 * announces a large image and sends little costs what it sent. Refusal is a return value: the
 * upload fails with LIMIT_EXCEEDED, the server goes on. A mailbox served beside the TCP server
 * draws on the same budget ({@link EmulatorServer#uploadBudget()}).
 */
public final class UploadBudget {
    private final long maxBytes;
    private final AtomicLong held = new AtomicLong();

    UploadBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A budget no upload can exhaust short of the image size limit (the in-process link: one host, its own memory). */
    public static UploadBudget unbounded() {
        return new UploadBudget(Long.MAX_VALUE);
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Bytes held by all uploads now. */
    long held() {
        return held.get();
    }

    /** Takes {@code bytes} when they fit; false (nothing taken) when they do not. */
    boolean tryTake(long bytes) {
        while (true) {
            long now = held.get();
            if (bytes > maxBytes - now) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void give(long bytes) {
        held.addAndGet(-bytes);
    }
}
