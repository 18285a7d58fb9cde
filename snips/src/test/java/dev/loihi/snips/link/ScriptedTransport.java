package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A board played by a function from each host frame to the frames it answers with. */
final class ScriptedTransport implements FrameTransport {
    final List<Frame> sent = new ArrayList<>();
    private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
    private final Function<Frame, List<Frame>> board;
    boolean disconnected;

    ScriptedTransport(Function<Frame, List<Frame>> board) {
        this.board = board;
    }

    @Override
    public long offer(Frame frame) {
        if (disconnected) {
            return NOT_CONNECTED;
        }
        sent.add(frame);
        inbox.addAll(board.apply(frame));
        return 0;
    }

    @Override
    public void flush() {}

    @Override
    public Frame poll(long timeoutMs) {
        Frame f = inbox.poll();
        if (f == null && disconnected) {
            throw new LoihiException(SnipErrors.LINK_DISCONNECTED, "scripted board closed");
        }
        return f;
    }

    @Override
    public String peer() {
        return "scripted";
    }

    @Override
    public void close() {
        disconnected = true;
    }
}
