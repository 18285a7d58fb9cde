package dev.loihi.snips.wire;

/**
 * What {@link FrameDecoder} passes on when the connection closes inside a frame: the peer
 * died mid-write. It travels as an inbound message rather than an exception so that it
 * reaches the next handler before the channel-inactive event, and the receiver can say why
 * the stream ended instead of reporting a plain disconnect.
 *
 * @param receivedBytes bytes of the unfinished frame that arrived, its length prefix included
 * @param frameBytes    the frame's announced body length, or -1 when not even the prefix arrived whole
 */
public record TruncatedFrame(int receivedBytes, long frameBytes) {
    /** {@code key=value} text for an error message. */
    public String describe() {
        return "receivedBytes=" + receivedBytes + ", frameBytes=" + (frameBytes < 0 ? "unknown" : frameBytes);
    }
}
