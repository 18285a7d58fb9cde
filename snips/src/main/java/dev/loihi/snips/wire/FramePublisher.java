package dev.loihi.snips.wire;

import dev.loihi.proto.link.Frame;

/** Where a proxy hands the frames it builds: a link's send path, a session's outbox, a test list. */
@FunctionalInterface
public interface FramePublisher {
    void publish(Frame frame);
}
