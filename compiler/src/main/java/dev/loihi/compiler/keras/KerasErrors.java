package dev.loihi.compiler.keras;

/**
 * Stable codes of every {@link dev.loihi.common.LoihiException} the Keras importer and writer
 * throw. Tests compare against these; the wording of messages may change.
 */
public final class KerasErrors {
    private KerasErrors() {}

    /** Not a Keras file of a known form, unreadable, truncated or corrupt HDF5 or zip. */
    public static final String BAD_FILE = "KERAS_BAD_FILE";
    /** The architecture is not valid JSON. */
    public static final String BAD_JSON = "KERAS_BAD_JSON";
    /** Valid JSON that is not a Keras model config: a required key is missing or mistyped. */
    public static final String BAD_CONFIG = "KERAS_BAD_CONFIG";
    /** A layer class, activation or layer setting this toolchain cannot map to the chip. */
    public static final String UNSUPPORTED_LAYER = "KERAS_UNSUPPORTED_LAYER";
    /** The layers do not form one chain from one input to one output. */
    public static final String UNSUPPORTED_GRAPH = "KERAS_UNSUPPORTED_GRAPH";
    /** A layer that needs weights has none (or a tensor is missing), or no weights file was given. */
    public static final String MISSING_WEIGHTS = "KERAS_MISSING_WEIGHTS";
    /** The weights file holds weights for layers the architecture does not have. */
    public static final String UNUSED_WEIGHTS = "KERAS_UNUSED_WEIGHTS";
    /** A weight tensor's shape (or the number of tensors) differs from what the architecture says. */
    public static final String SHAPE_MISMATCH = "KERAS_SHAPE_MISMATCH";
    /** A weight is NaN or infinite. */
    public static final String NONFINITE = "KERAS_NONFINITE";
    /** A model file could not be written. */
    public static final String WRITE_FAILED = "KERAS_WRITE_FAILED";
}
