package dev.loihi.compiler.io;

/**
 * Stable codes of every {@link dev.loihi.common.LoihiException} the data-file readers and
 * writers throw. Tests compare against these; the wording of messages may change.
 */
public final class DataErrors {
    private DataErrors() {}

    /**
     * A .npy file that cannot be used: missing or unreadable, truncated, bad magic, unknown
     * version, unsupported dtype or rank, Fortran order, data size that does not match the
     * shape, or a non-finite value.
     */
    public static final String NPY_BAD_FILE = "NPY_BAD_FILE";
    /** A .npy file could not be written. */
    public static final String NPY_WRITE_FAILED = "NPY_WRITE_FAILED";
    /** A CSV file that is missing, empty, ragged or holds a cell that is not a finite number. */
    public static final String CSV_BAD_FILE = "CSV_BAD_FILE";
    /** A spike-train .npy that is not N x T x inputs of 0 and 1, or whose inputs differ from the network's. */
    public static final String SPIKES_BAD_FILE = "SPIKES_BAD_FILE";
}
