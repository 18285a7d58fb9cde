package dev.loihi.host;

import java.util.List;

/**
 * Every stable code of a {@link dev.loihi.common.LoihiException} that the host side of a run: inputs, labels, images, journal throws: the
 * one place that lists them (docs/ERRORS.md documents each; a test checks both). Tests compare
 * against these; the wording of messages may change.
 */
public final class HostErrors {
    private HostErrors() {}

    /** An image lacks, or has malformed, the metadata a run needs (input encoding, readout). */
    public static final String IMAGE_METADATA = "IMAGE_METADATA";
    /** An image has no input encoding or readout that run could drive. */
    public static final String IMAGE_NOT_RUNNABLE = "IMAGE_NOT_RUNNABLE";
    /** The image's inputs do not take spikes directly, or it has no output. */
    public static final String IMAGE_NOT_SPIKE_DRIVEN = "IMAGE_NOT_SPIKE_DRIVEN";
    /** An input file holds no rows. */
    public static final String INPUT_EMPTY = "INPUT_EMPTY";
    /** An input value is NaN or infinite. */
    public static final String INPUT_NONFINITE = "INPUT_NONFINITE";
    /** An input drives a phase-coded image's first layer past the sum its hold keeps below threshold (row, unit and both numbers named). */
    public static final String INPUT_PHASE_RANGE = "INPUT_PHASE_RANGE";
    /** A phase-coded CNN's readout falls outside the levels its output cast holds. */
    public static final String PHASE_READOUT_RANGE = "PHASE_READOUT_RANGE";
    /** A label is not a class of the model. */
    public static final String LABELS_RANGE = "LABELS_RANGE";
    /** The labels are not one per input. */
    public static final String LABELS_SHAPE = "LABELS_SHAPE";
    /** A label is not a whole number. */
    public static final String LABELS_VALUE = "LABELS_VALUE";
    /** A model kind that run cannot drive (no input encoding). */
    public static final String MODEL_NOT_RUNNABLE = "MODEL_NOT_RUNNABLE";
    /** The journal cannot be written: the same code as a results file that cannot be. */
    public static final String RESULTS_WRITE = "RESULTS_WRITE";
    /** The run was interrupted; the journal keeps what was done. */
    public static final String RUN_INTERRUPTED = "RUN_INTERRUPTED";
    /** The journal is missing, cannot be read, or belongs to another run. */
    public static final String RUN_RESUME = "RUN_RESUME";
    /** Every board of a pool failed part way: the inputs left have no board to run on. */
    public static final String POOL_FAILED = "POOL_FAILED";
    /** Warning: under --coding auto a model the phase code could take was rate coded (rate options given, or inputs past the hold). */
    public static final String PHASE_NOT_USED = "PHASE_NOT_USED";
    /** Steps per input out of range: below one, more than memory holds for the workers at once, or (phase code) shorter than the pipeline or longer than its gates stay silent. */
    public static final String RUN_STEPS = "RUN_STEPS";
    /** A --target that names no known kind of link. */
    public static final String TARGET_UNKNOWN = "TARGET_UNKNOWN";
    /** Several --target that cannot form a pool: the same one twice, or a command that runs on one. */
    public static final String TARGET_POOL = "TARGET_POOL";

    /** Every code above. */
    public static final List<String> ALL = List.of(
            IMAGE_METADATA,
            IMAGE_NOT_RUNNABLE,
            IMAGE_NOT_SPIKE_DRIVEN,
            INPUT_EMPTY,
            INPUT_NONFINITE,
            INPUT_PHASE_RANGE,
            PHASE_READOUT_RANGE,
            PHASE_NOT_USED,
            LABELS_RANGE,
            LABELS_SHAPE,
            LABELS_VALUE,
            MODEL_NOT_RUNNABLE,
            POOL_FAILED,
            RESULTS_WRITE,
            RUN_INTERRUPTED,
            RUN_RESUME,
            RUN_STEPS,
            TARGET_POOL,
            TARGET_UNKNOWN);
}
