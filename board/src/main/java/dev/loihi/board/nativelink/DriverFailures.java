package dev.loihi.board.nativelink;

import dev.loihi.board.BoardErrors;
import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;

/**
 * Turns a failed driver call into the exception a {@code BoardLink} caller expects: a board
 * that stopped making progress is LINK_TIMEOUT and one that went away is LINK_DISCONNECTED,
 * exactly as over TCP; every other failure is NATIVE_DRIVER_ERROR. The message names the call,
 * the driver's code and its detail, on one line.
 */
final class DriverFailures {
    private DriverFailures() {}

    static LoihiException toException(int status, String detail, String library, String call) {
        String code = switch (status) {
            case DriverStatus.E_PEER_STALLED -> SnipErrors.LINK_TIMEOUT;
            case DriverStatus.E_PEER_GONE, DriverStatus.E_BOARD_CLOSED, DriverStatus.E_SESSION_LOST ->
                    SnipErrors.LINK_DISCONNECTED;
            default -> BoardErrors.NATIVE_DRIVER_ERROR;
        };
        String what = switch (status) {
            case DriverStatus.E_PEER_STALLED -> "native board stalled";
            case DriverStatus.E_PEER_GONE -> "native board process exited";
            case DriverStatus.E_BOARD_CLOSED -> "native board shut down";
            case DriverStatus.E_SESSION_LOST -> "native board ended the session";
            default -> "native driver call failed";
        };
        return new LoihiException(code, what + ": call=" + call + ", code=" + DriverStatus.name(status)
                + ", library=" + library + ", detail=" + oneLine(detail));
    }

    private static String oneLine(String s) {
        return s == null || s.isEmpty() ? "none" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
