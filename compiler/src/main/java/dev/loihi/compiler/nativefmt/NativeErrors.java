package dev.loihi.compiler.nativefmt;

/**
 * Stable codes of every {@link dev.loihi.common.LoihiException} the native network parser
 * throws; each message names the file and line. Tests compare against these.
 */
public final class NativeErrors {
    private NativeErrors() {}

    /** Unknown keyword or key, missing or repeated argument, a value that is not a number or out of range. */
    public static final String SYNTAX = "NATIVE_SYNTAX";
    /** A name used before it is defined, defined twice, or of the wrong kind (e.g. connecting into an input). */
    public static final String NAME = "NATIVE_NAME";
    /** Sizes that disagree: a weight matrix or bias vector of the wrong shape, identity between unequal sizes. */
    public static final String SHAPE = "NATIVE_SHAPE";
    /** The file cannot be read. */
    public static final String IO = "NATIVE_IO";
}
