package dev.loihi.fuzz;

import dev.loihi.common.LoihiException;

/**
 * The contract every decoder is fuzzed against: it returns a value or throws
 * {@link LoihiException} with a stable code and a one-line message. Any other throwable (an
 * IndexOutOfBounds, a NegativeArraySize, an OutOfMemoryError, a StackOverflowError) escapes and
 * Jazzer reports it as a finding, with the input that caused it.
 */
final class Rejection {
    private Rejection() {}

    static void check(Runnable decode) {
        try {
            decode.run();
        } catch (LoihiException e) {
            requireOneLine(e.code(), e.getMessage());
        }
    }

    /** A code and a message of one non-empty line: what the CLI prints after {@code error: [CODE]}. */
    static void requireOneLine(String code, String message) {
        if (code == null || code.isBlank()) {
            throw new AssertionError("rejection without a code: message=" + message);
        }
        if (message == null || message.isBlank()) {
            throw new AssertionError("rejection without a message: code=" + code);
        }
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new AssertionError("rejection message spans lines: code=" + code + ", message=" + message);
        }
    }
}
