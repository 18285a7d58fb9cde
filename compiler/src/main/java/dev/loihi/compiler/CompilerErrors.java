package dev.loihi.compiler;

/**
 * Stable codes of the {@link dev.loihi.common.LoihiException}s the compiler's front throws.
 * Tests compare against these; the wording of messages may change.
 */
public final class CompilerErrors {
    private CompilerErrors() {}

    /** The model file does not exist or is not a regular file. */
    public static final String MODEL_NOT_FOUND = "MODEL_NOT_FOUND";
    /** The model file could not be read. */
    public static final String MODEL_IO = "MODEL_IO";
    /** An option that applies to Keras models only was given with another kind of model. */
    public static final String MODEL_OPTION_UNUSED = "MODEL_OPTION_UNUSED";
    /** A compiled image was given where a model to compile was expected. */
    public static final String MODEL_IS_IMAGE = "MODEL_IS_IMAGE";
}
