package dev.loihi.snips.wire;

/**
 * Framing constants of the host-board protocol (docs/PROTOCOL.md). Every message is one
 * {@code loihi.link.Frame} behind a length prefix:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        length of the Frame bytes (unsigned, big-endian)       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Frame (protobuf, link.proto)                 ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * A receiver refuses a length above its max frame size before reading the body.
 */
public final class ProtocolDescriptor {
    private ProtocolDescriptor() {}

    public static final int PROTOCOL_VERSION = 1;
    /** The TCP port a board host (or {@code loihi serve}) listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 7010;
    public static final int LENGTH_FIELD_BYTES = 4;

    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;
    /** Below this a frame cannot carry a useful image chunk or a 1000-spike packet. */
    public static final int MIN_MAX_FRAME_BYTES = 64 * 1024;
    /** A length prefix is a signed int on the JVM side; 1 GiB keeps every buffer size positive. */
    public static final int MAX_MAX_FRAME_BYTES = 1 << 30;

    /**
     * Bytes a frame spends outside its repeated payload: the Frame wrapper's tag and length,
     * the message's scalar fields, and a tag and length for each packed field. An upper bound,
     * used to keep every frame a proxy builds under the peer's max.
     */
    public static final int FRAME_OVERHEAD_BYTES = 128;
    /** The longest a uint32 or sint32 takes as a varint. */
    public static final int MAX_VARINT32_BYTES = 5;

    public static final String CAPABILITY_PRECOMPUTE = "precompute";
    public static final String CAPABILITY_INTERACTIVE = "interactive";
    public static final String CAPABILITY_PROBE_SPIKES = "probe_spikes";
    public static final String CAPABILITY_PROBE_VOLTAGE = "probe_voltage";
}
