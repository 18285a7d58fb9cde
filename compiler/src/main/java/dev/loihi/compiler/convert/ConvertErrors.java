package dev.loihi.compiler.convert;

/**
 * Stable codes of every {@link dev.loihi.common.LoihiException} the ANN-to-SNN conversion
 * throws. Tests compare against these; the wording of messages may change.
 */
public final class ConvertErrors {
    private ConvertErrors() {}

    /** A conversion option is out of range (the key and value are named). */
    public static final String BAD_OPTION = "CONVERT_BAD_OPTION";
    /** Calibration inputs do not fit the model: wrong width, none at all, or non-finite values. */
    public static final String BAD_CALIBRATION = "CONVERT_BAD_CALIBRATION";
}
