package dev.loihi.board;

import java.util.List;

/**
 * Every stable code of a {@link dev.loihi.common.LoihiException} that the board links: native driver throws: the
 * one place that lists them (docs/ERRORS.md documents each; a test checks both). Tests compare
 * against these; the wording of messages may change.
 */
public final class BoardErrors {
    private BoardErrors() {}

    /** The library reports an ABI version other than the one this build speaks, or lacks loihi_abi_version. */
    public static final String NATIVE_ABI_VERSION = "NATIVE_ABI_VERSION";
    /** A {@code native:LIBRARY[?options]} target that cannot be parsed. */
    public static final String NATIVE_BAD_TARGET = "NATIVE_BAD_TARGET";
    /** A driver call failed (bad options, no mailbox, a busy board, a protocol fault); the message names the LOIHI_E_* code. */
    public static final String NATIVE_DRIVER_ERROR = "NATIVE_DRIVER_ERROR";
    /** The driver library file does not exist or the dynamic loader cannot load it. */
    public static final String NATIVE_LIBRARY_MISSING = "NATIVE_LIBRARY_MISSING";

    /** Every code above. */
    public static final List<String> ALL = List.of(
            NATIVE_ABI_VERSION,
            NATIVE_BAD_TARGET,
            NATIVE_DRIVER_ERROR,
            NATIVE_LIBRARY_MISSING);
}
