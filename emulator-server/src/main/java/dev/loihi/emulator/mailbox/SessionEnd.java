package dev.loihi.emulator.mailbox;

/**
 * How one host's session on a mailbox ended.
 *
 * @param hostPid   the pid that held the session
 * @param sessionId the session's id (the header's session_id while it ran)
 * @param reason    why it ended
 * @param detail    one line, "what: key=value"
 */
public record SessionEnd(int hostPid, long sessionId, Reason reason, String detail) {
    public enum Reason {
        /** The host sent CLOSE. */
        CLOSED,
        /** The host's process exited without closing. */
        HOST_GONE,
        /** The host's heartbeat stood still for the host timeout. */
        HOST_STALLED,
        /** The host broke the protocol (a sequence gap, an unknown message, a wrong ABI version). */
        PROTOCOL,
        /** The server was shut down. */
        SHUTDOWN
    }
}
