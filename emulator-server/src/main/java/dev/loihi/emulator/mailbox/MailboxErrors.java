package dev.loihi.emulator.mailbox;

/** Stable codes of the {@link dev.loihi.common.LoihiException}s the mailbox server throws. */
public final class MailboxErrors {
    private MailboxErrors() {}

    /** A mailbox setting is out of range (slot size, slot count, timeout). */
    public static final String BAD_CONFIG = "MAILBOX_BAD_CONFIG";
    /** The mailbox file cannot be created, sized or mapped. */
    public static final String IO = "MAILBOX_IO";
    /** The serving thread failed (for one, the mapped file was truncated by another process): the board goes down. */
    public static final String FAILED = "MAILBOX_FAILED";
}
