package dev.loihi.common;

/**
 * An expected failure caused by the user's input (a file, a layer, a setting, a limit) or by
 * a peer. The command-line tool prints {@code error: [code] message} on one line and exits
 * with status 2; anything else is a bug. Messages read {@code what: key=value, key=value}
 * and name the file, layer, key or limit concerned. Tests assert on {@link #code()}.
 */
public class LoihiException extends RuntimeException {
    private final String code;

    public LoihiException(String code, String message) {
        super(message);
        this.code = code;
    }

    public LoihiException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** A stable identifier such as {@code KERAS_UNSUPPORTED_LAYER}; never reworded. */
    public String code() {
        return code;
    }
}
