package dev.loihi.emulator.server;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.Frame;
import dev.loihi.snips.link.FrameTransport;
import java.util.ArrayDeque;

/**
 * Frames handed straight to an {@link EmulatorSession} on the caller's thread: the board's
 * answers wait in a queue until the host polls. Nothing is serialized, but every frame is the
 * same message the TCP link sends, built and read by the same proxies and adapters.
 */
final class InProcessTransport implements FrameTransport {
    static final String PEER = "in-process";

    private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
    private final EmulatorSession session;
    private boolean closed;

    InProcessTransport(EmulatorBoardConfig board, SharedNetworks networks) {
        this.session = new EmulatorSession(board, new Outbox(), PEER, networks);
    }

    @Override
    public long offer(Frame frame) {
        if (closed) {
            return NOT_CONNECTED;
        }
        session.onFrame(frame);
        return 0;
    }

    @Override
    public void flush() {
        if (!closed) {
            session.onInputDrained();
        }
    }

    /** The session answers synchronously, so an empty inbox means no answer is coming: never wait. */
    @Override
    public Frame poll(long timeoutMs) {
        Frame f = inbox.poll();
        if (f == null && closed) {
            throw new LoihiException(SnipErrors.LINK_DISCONNECTED, "board closed the connection: peer=" + PEER);
        }
        return f;
    }

    /** The board side, for the in-process link's direct runs. */
    EmulatorSession session() {
        return session;
    }

    @Override
    public String peer() {
        return PEER;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.onClosed();
        }
    }

    /** The board's side of the connection: what it sends lands in the host's inbox. */
    private final class Outbox implements FrameSink {
        @Override
        public void send(Frame frame) {
            inbox.add(frame);
        }

        @Override
        public void flush() {
            // Frames are in the inbox as soon as they are sent.
        }

        @Override
        public void close() {
            InProcessTransport.this.close();
        }
    }
}
