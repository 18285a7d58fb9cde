package dev.loihi.snips;

import java.util.List;

/**
 * Every stable code of a {@link dev.loihi.common.LoihiException} that the snip channels and the host side of the link throws: the
 * one place that lists them (docs/ERRORS.md documents each; a test checks both). Tests compare
 * against these; the wording of messages may change.
 */
public final class SnipErrors {
    private SnipErrors() {}

    /** A link option (timeout, frame size, chunk size) is out of range. */
    public static final String LINK_BAD_OPTION = "LINK_BAD_OPTION";
    /** A run's settings are out of range: steps below 1, a probe of a missing output port, a mode the board lacks. */
    public static final String LINK_BAD_RUN = "LINK_BAD_RUN";
    /** A board address is not {@code tcp://HOST:PORT} or its port is out of range. */
    public static final String LINK_BAD_TARGET = "LINK_BAD_TARGET";
    /** The board cannot be reached: refused, unresolvable, or no answer within connect_timeout_ms. */
    public static final String LINK_CONNECT = "LINK_CONNECT";
    /** The connection closed while the host expected more. */
    public static final String LINK_DISCONNECTED = "LINK_DISCONNECTED";
    /** Host code asked for an output port the run does not probe. */
    public static final String LINK_NOT_PROBED = "LINK_NOT_PROBED";
    /** The board sent a message that is malformed or not valid at this point of the session. */
    public static final String LINK_PROTOCOL = "LINK_PROTOCOL";
    /** Host and board speak different protocol versions. */
    public static final String LINK_PROTOCOL_VERSION = "LINK_PROTOCOL_VERSION";
    /** The chips applied a different number of spikes than the host sent in a step. */
    public static final String LINK_SPIKE_LOSS = "LINK_SPIKE_LOSS";
    /** A call out of order: run before connect or upload, or a call on a closed link. */
    public static final String LINK_STATE = "LINK_STATE";
    /** The board sent nothing for io_timeout_ms while the host waited, or did not read for that long. */
    public static final String LINK_TIMEOUT = "LINK_TIMEOUT";
    /** A channel setting is out of range: a cap below 1 or above what the board or a frame holds. */
    public static final String SNIP_BAD_CONFIG = "SNIP_BAD_CONFIG";
    /** A host spike names an input port or axon the image lacks. */
    public static final String SNIP_BAD_INPUT = "SNIP_BAD_INPUT";
    /** An image routes a host input to a core or axon that does not exist. */
    public static final String SNIP_BAD_ROUTE = "SNIP_BAD_ROUTE";
    /** Policy {@code fail}: a step holds more spikes for one chip than the cap. Names step, chip, count, cap. */
    public static final String SNIP_OVERFLOW = "SNIP_OVERFLOW";

    /** Every code above. */
    public static final List<String> ALL = List.of(
            LINK_BAD_OPTION,
            LINK_BAD_RUN,
            LINK_BAD_TARGET,
            LINK_CONNECT,
            LINK_DISCONNECTED,
            LINK_NOT_PROBED,
            LINK_PROTOCOL,
            LINK_PROTOCOL_VERSION,
            LINK_SPIKE_LOSS,
            LINK_STATE,
            LINK_TIMEOUT,
            SNIP_BAD_CONFIG,
            SNIP_BAD_INPUT,
            SNIP_BAD_ROUTE,
            SNIP_OVERFLOW);
}
