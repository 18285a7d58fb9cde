package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.Frame;
import dev.loihi.snips.wire.ErrorFrames;
import java.util.function.Consumer;

/**
 * The host's end of the frame stream over a {@link FrameTransport}: sends with back-pressure
 * handled, waits bounded by io_timeout_ms, Error frames raised as exceptions. A timeout or a
 * lost connection marks the exchange broken: the session's state is then unknown, and the
 * session refuses further calls.
 */
final class FrameExchange {
    private static final long BACK_PRESSURE_POLL_MS = 1;

    private final FrameTransport transport;
    private final LinkOptions options;
    private Consumer<Frame> inbound = this::unexpected;
    private LoihiException broken;

    FrameExchange(FrameTransport transport, LinkOptions options) {
        this.transport = transport;
        this.options = options;
    }

    String peer() {
        return transport.peer();
    }

    LoihiException broken() {
        return broken;
    }

    /** Where frames go that arrive while a send waits for room; null restores "none expected". */
    void inbound(Consumer<Frame> handler) {
        inbound = handler == null ? this::unexpected : handler;
    }

    /** Offers until the transport takes the frame, reading the board's output while it pushes back. */
    void publish(Frame frame) {
        long deadline = 0;
        while (true) {
            long r = transport.offer(frame);
            if (r >= 0) {
                return;
            }
            if (r == FrameTransport.NOT_CONNECTED) {
                throw fail(new LoihiException(SnipErrors.LINK_DISCONNECTED, "board connection closed: peer=" + peer()
                        + ", sending=" + frame.getBodyCase()));
            }
            transport.flush();
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + options.ioTimeoutMs() * 1_000_000L;
            } else if (now - deadline > 0) {
                throw fail(new LoihiException(SnipErrors.LINK_TIMEOUT, "board stopped reading: peer=" + peer()
                        + ", ioTimeoutMs=" + options.ioTimeoutMs() + ", sending=" + frame.getBodyCase()));
            }
            Frame in = poll(BACK_PRESSURE_POLL_MS);
            if (in != null) {
                inbound.accept(in);
            }
        }
    }

    void flush() {
        transport.flush();
    }

    /** The board's next frame; an Error frame is raised, silence past io_timeout_ms is LINK_TIMEOUT. */
    Frame next(String expecting) {
        Frame f = await(expecting);
        if (f.hasError()) {
            throw ErrorFrames.toException(f.getError());
        }
        return f;
    }

    /** The board's next frame, Error frames included (a run must see them to know the board ended it). */
    Frame await(String expecting) {
        Frame f = poll(options.ioTimeoutMs());
        if (f == null) {
            throw fail(new LoihiException(SnipErrors.LINK_TIMEOUT, "board silent: peer=" + peer() + ", ioTimeoutMs="
                    + options.ioTimeoutMs() + ", expecting=" + expecting));
        }
        return f;
    }

    /** A frame if one has arrived, without waiting. */
    Frame poll() {
        return poll(0);
    }

    private Frame poll(long timeoutMs) {
        try {
            return transport.poll(timeoutMs);
        } catch (LoihiException e) {
            throw fail(e);
        }
    }

    LoihiException unexpected(String expecting, Frame f) {
        return new LoihiException(SnipErrors.LINK_PROTOCOL, "unexpected message from the board: peer=" + peer()
                + ", expecting=" + expecting + ", got=" + f.getBodyCase());
    }

    private void unexpected(Frame f) {
        if (f.hasError()) {
            throw ErrorFrames.toException(f.getError());
        }
        throw unexpected("nothing", f);
    }

    private LoihiException fail(LoihiException e) {
        broken = e;
        return e;
    }

    void close() {
        transport.close();
    }
}
