package dev.loihi.emulator.server;

import dev.loihi.proto.link.Frame;
import io.netty.channel.Channel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that runs one authenticated connection's {@link EmulatorSession}: uploads, loads
 * and steps happen here, never on the event loops that answer the other connections, and this
 * thread may wait (for a slow host to read its output) without holding anyone else up.
 *
 * <p>Input is queued in arrival order. The event loop stops reading the connection while the
 * queued frames hold more than the session's buffer budget, and this thread lets it read again
 * once they fall to half of it. When the queue runs dry the session flushes its batched output,
 * as it did when it ran on the event loop.
 */
final class SessionWorker {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWorker.class);
    /** Ends the thread; never a frame a host sends (a Frame with no body is refused by the decoder). */
    private static final Frame END = Frame.getDefaultInstance();
    private static final int LENGTH_PREFIX_BYTES = 4;

    private final EmulatorSession session;
    private final Channel channel;
    private final long maxQueuedBytes;
    private final LinkedBlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread thread;

    /** {@code onExit} runs last on this thread (the handler hands on what the session wrote and did not flush). */
    SessionWorker(EmulatorSession session, Channel channel, long maxQueuedBytes, Runnable onDeath, Runnable onExit) {
        this.session = session;
        this.channel = channel;
        this.maxQueuedBytes = maxQueuedBytes;
        this.thread = new Thread(() -> {
            try {
                run(onDeath);
            } finally {
                onExit.run();
            }
        }, "loihi-session " + channel.remoteAddress());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean onWorkerThread() {
        return Thread.currentThread() == thread;
    }

    /** On the event loop: queues {@code f}; false when the queue is over budget and reading should pause. */
    boolean offer(Frame f) {
        long total = queuedBytes.addAndGet(bytes(f));
        inbox.add(f);
        return total <= maxQueuedBytes;
    }

    /** Ends the thread after the frame it is running; queued frames are dropped (the connection is gone). */
    void stop() {
        inbox.clear();
        inbox.add(END);
    }

    private void run(Runnable onDeath) {
        try {
            while (true) {
                Frame f = inbox.poll();
                if (f == null) {
                    session.onInputDrained();
                    f = inbox.take();
                }
                if (f == END) {
                    return;
                }
                long size = bytes(f);
                long left = queuedBytes.addAndGet(-size);
                if (left <= maxQueuedBytes / 2 && left + size > maxQueuedBytes / 2) {
                    // Resumed on the event loop, after any pause it is deciding now.
                    channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
                }
                session.onFrame(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            if (channel.isOpen() && !channel.eventLoop().isShuttingDown()) {
                // Not a connection the server is closing: a failure of this session, answered as INTERNAL.
                LOG.warn("session thread failed, closing: peer={}", channel.remoteAddress(), e);
                onDeath.run();
            }
        } finally {
            session.onClosed();
        }
    }

    private static long bytes(Frame f) {
        return f.getSerializedSize() + LENGTH_PREFIX_BYTES;
    }
}
