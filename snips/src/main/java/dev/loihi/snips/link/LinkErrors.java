package dev.loihi.snips.link;

/**
 * Stable codes of the {@link dev.loihi.common.LoihiException}s a {@link BoardLink} throws on the
 * host side. Errors the board reports come as {@code LINK_<ErrorCode>} (see
 * {@link dev.loihi.snips.wire.ErrorFrames}) or with the board-side code itself.
 */
public final class LinkErrors {
    private LinkErrors() {}

    /** A board address is not {@code tcp://HOST:PORT} or its port is out of range. */
    public static final String BAD_TARGET = "LINK_BAD_TARGET";
    /** The board cannot be reached: refused, unresolvable, or no answer within connect_timeout_ms. */
    public static final String CONNECT = "LINK_CONNECT";
    /** The board sent nothing for io_timeout_ms while the host waited, or did not read for that long. */
    public static final String TIMEOUT = "LINK_TIMEOUT";
    /** The connection closed while the host expected more. */
    public static final String DISCONNECTED = "LINK_DISCONNECTED";
    /** Host and board speak different protocol versions. */
    public static final String PROTOCOL_VERSION = "LINK_PROTOCOL_VERSION";
    /** The board sent a message that is malformed or not valid at this point of the session. */
    public static final String PROTOCOL = "LINK_PROTOCOL";
    /** A link option (timeout, frame size, chunk size) is out of range. */
    public static final String BAD_OPTION = "LINK_BAD_OPTION";
    /** A call out of order: run before connect or upload, or a call on a closed link. */
    public static final String STATE = "LINK_STATE";
    /** A run's settings are out of range: steps below 1, a probe of a missing output port, a mode the board lacks. */
    public static final String BAD_RUN = "LINK_BAD_RUN";
    /** The chips applied a different number of spikes than the host sent in a step. */
    public static final String SPIKE_LOSS = "LINK_SPIKE_LOSS";
    /** Host code asked for an output port the run does not probe. */
    public static final String NOT_PROBED = "LINK_NOT_PROBED";
}
