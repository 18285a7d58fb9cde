package dev.loihi.snips.link;

import dev.loihi.proto.link.Frame;

/**
 * How a {@link HostSession} exchanges frames with a board: a socket, or a direct call into an
 * in-process board. Outcomes the caller must handle are return values (Aeron style), not
 * exceptions.
 */
public interface FrameTransport extends AutoCloseable {
    /** {@link #offer} result: the outbound buffer is full; read inbound frames, then offer again. */
    long BACK_PRESSURED = -1;
    /** {@link #offer} result: the connection is gone. */
    long NOT_CONNECTED = -2;

    /** Queues a frame for the board; a value of 0 or more when taken, else BACK_PRESSURED or NOT_CONNECTED. */
    long offer(Frame frame);

    /** Sends what {@link #offer} queued. */
    void flush();

    /**
     * The next frame from the board, waiting at most {@code timeoutMs} (0: do not wait), or null
     * when none came. Throws LINK_DISCONNECTED once the board has closed and every frame it sent
     * has been read.
     */
    Frame poll(long timeoutMs);

    /** Names the board in messages, e.g. {@code tcp://127.0.0.1:7010} or {@code in-process}. */
    String peer();

    @Override
    void close();
}
