package dev.loihi.emulator.mailbox;

/** Unwinds the serving loop when a session must end in the middle of a message (the host died while the board wrote). */
final class SessionEndedException extends RuntimeException {
    private final SessionEnd.Reason reason;

    SessionEndedException(SessionEnd.Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    SessionEnd.Reason reason() {
        return reason;
    }
}
