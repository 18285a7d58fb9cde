package dev.loihi.board.nativelink;

/**
 * Stable codes of the {@link dev.loihi.common.LoihiException}s the native link throws. A board
 * that goes silent or away is reported with the link codes every {@code BoardLink} uses
 * (LINK_TIMEOUT, LINK_DISCONNECTED); what the board refuses comes back as on any link.
 */
public final class NativeErrors {
    private NativeErrors() {}

    /** The driver library file does not exist or the dynamic loader cannot load it. */
    public static final String LIBRARY_MISSING = "NATIVE_LIBRARY_MISSING";
    /** The library reports an ABI version other than the one this build speaks, or lacks loihi_abi_version. */
    public static final String ABI_VERSION = "NATIVE_ABI_VERSION";
    /** A driver call failed (bad options, no mailbox, a busy board, a protocol fault); the message names the LOIHI_E_* code. */
    public static final String DRIVER_ERROR = "NATIVE_DRIVER_ERROR";
    /** A {@code native:LIBRARY[?options]} target that cannot be parsed. */
    public static final String BAD_TARGET = "NATIVE_BAD_TARGET";
}
