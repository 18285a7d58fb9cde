package dev.loihi.emulator.server;

import java.util.List;

/**
 * Every stable code of a {@link dev.loihi.common.LoihiException} that the board side of the protocol: server and mailbox throws: the
 * one place that lists them (docs/ERRORS.md documents each; a test checks both). Tests compare
 * against these; the wording of messages may change.
 */
public final class ServerErrors {
    private ServerErrors() {}

    /** A mailbox setting is out of range (slot size, slot count, timeout). */
    public static final String MAILBOX_BAD_CONFIG = "MAILBOX_BAD_CONFIG";
    /** Lock refused: another process serves this mailbox. */
    public static final String MAILBOX_BUSY = "MAILBOX_BUSY";
    /** The serving thread failed (for one, the mapped file was truncated by another process): the board goes down. */
    public static final String MAILBOX_FAILED = "MAILBOX_FAILED";
    /** The mailbox file cannot be created, sized or mapped. */
    public static final String MAILBOX_IO = "MAILBOX_IO";
    /** Something that is not a mailbox is at the path; it is left alone. */
    public static final String MAILBOX_NOT_A_MAILBOX = "MAILBOX_NOT_A_MAILBOX";
    /** The server cannot listen on its address: in use, not local, or not permitted. */
    public static final String SERVER_BIND = "SERVER_BIND";
    /** The server would listen beyond loopback without an access token. */
    public static final String SERVER_NO_TOKEN = "SERVER_NO_TOKEN";
    /** The TLS key store, key or certificate cannot be read. */
    public static final String SERVER_TLS = "SERVER_TLS";

    /** Every code above. */
    public static final List<String> ALL = List.of(
            MAILBOX_BAD_CONFIG,
            MAILBOX_BUSY,
            MAILBOX_FAILED,
            MAILBOX_IO,
            MAILBOX_NOT_A_MAILBOX,
            SERVER_BIND,
            SERVER_NO_TOKEN,
            SERVER_TLS);
}
