package dev.loihi.compiler.nir;

/**
 * Stable codes of every {@link dev.loihi.common.LoihiException} the NIR reader, importer and
 * writer throw. Tests compare against these; the wording of messages may change.
 */
public final class NirErrors {
    private NirErrors() {}

    /** Not an HDF5 file, unreadable, truncated or corrupt. */
    public static final String BAD_FILE = "NIR_BAD_FILE";
    /** HDF5 that is not a NIR graph: a group, dataset or parameter is missing or of the wrong kind. */
    public static final String BAD_FORMAT = "NIR_BAD_FORMAT";
    /** A node type (or a use of one) that this toolchain cannot put on the chip. */
    public static final String UNSUPPORTED_NODE = "NIR_UNSUPPORTED_NODE";
    /** Edges name unknown nodes, sizes of connected nodes disagree, or the graph has no input or output. */
    public static final String BAD_GRAPH = "NIR_BAD_GRAPH";
    /** A parameter is NaN or infinite, or out of the range its definition allows. */
    public static final String BAD_VALUE = "NIR_BAD_VALUE";
    /** A NIR file could not be written. */
    public static final String WRITE_FAILED = "NIR_WRITE_FAILED";
}
