package dev.loihi.emulator.server;

import dev.loihi.proto.link.Frame;

/** Where a board session sends its frames: a Netty channel, or the in-process link's inbox. */
public interface FrameSink {
    void send(Frame frame);

    void flush();

    /** Ends the connection after what was sent; the session is over. */
    void close();
}
