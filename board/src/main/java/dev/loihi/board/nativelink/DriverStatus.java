package dev.loihi.board.nativelink;

/**
 * The status codes of {@code board/src/main/c/loihi_driver.h}: 0 success, positive for an
 * expected outcome that is not an error, negative for an error.
 */
public final class DriverStatus {
    private DriverStatus() {}

    /** The ABI version this binding speaks; a library reporting another is refused. */
    public static final int ABI_VERSION = 1;

    public static final int OK = 0;
    public static final int EMPTY = 1;
    public static final int FULL = 2;

    public static final int E_ARGUMENT = -1;
    public static final int E_OPTIONS = -2;
    public static final int E_MAILBOX_OPEN = -3;
    public static final int E_MAILBOX_FORMAT = -4;
    public static final int E_BUSY = -5;
    public static final int E_PEER_GONE = -6;
    public static final int E_PEER_STALLED = -7;
    public static final int E_BOARD_CLOSED = -8;
    public static final int E_SESSION_LOST = -9;
    public static final int E_PROTOCOL = -10;
    public static final int E_BOARD = -11;
    public static final int E_TOO_LARGE = -12;
    public static final int E_STATE = -13;
    public static final int E_SYSTEM = -14;

    /** loihi_read_packet: wait while the board lives. */
    public static final int WAIT_FOREVER = -1;

    public static final int MODE_PRECOMPUTE = 1;
    public static final int MODE_INTERACTIVE = 2;
    public static final int RUN_RESET_STATE = 1;
    public static final int PROBE_SPIKE_BITS = 1;
    public static final int PROBE_VOLTAGE = 2;
    public static final int PACKET_SPIKE_BITS = 1;
    public static final int PACKET_STEP_DONE = 2;
    public static final int PACKET_RUN_DONE = 3;
    public static final int RUN_DONE_STOPPED = 1;
    public static final int WORDS_PER_SPIKE = 2;

    public static final int CAP_PRECOMPUTE = 1;
    public static final int CAP_INTERACTIVE = 2;
    public static final int CAP_PROBE_VOLTAGE = 4;
    public static final int CAP_PROBE_SPIKE_BITS = 8;

    /** The header's name of a code, e.g. {@code LOIHI_E_PEER_STALLED}. */
    public static String name(int status) {
        return switch (status) {
            case OK -> "LOIHI_OK";
            case EMPTY -> "LOIHI_STATUS_EMPTY";
            case FULL -> "LOIHI_STATUS_FULL";
            case E_ARGUMENT -> "LOIHI_E_ARGUMENT";
            case E_OPTIONS -> "LOIHI_E_OPTIONS";
            case E_MAILBOX_OPEN -> "LOIHI_E_MAILBOX_OPEN";
            case E_MAILBOX_FORMAT -> "LOIHI_E_MAILBOX_FORMAT";
            case E_BUSY -> "LOIHI_E_BUSY";
            case E_PEER_GONE -> "LOIHI_E_PEER_GONE";
            case E_PEER_STALLED -> "LOIHI_E_PEER_STALLED";
            case E_BOARD_CLOSED -> "LOIHI_E_BOARD_CLOSED";
            case E_SESSION_LOST -> "LOIHI_E_SESSION_LOST";
            case E_PROTOCOL -> "LOIHI_E_PROTOCOL";
            case E_BOARD -> "LOIHI_E_BOARD";
            case E_TOO_LARGE -> "LOIHI_E_TOO_LARGE";
            case E_STATE -> "LOIHI_E_STATE";
            case E_SYSTEM -> "LOIHI_E_SYSTEM";
            default -> "LOIHI_UNKNOWN(" + status + ")";
        };
    }
}
