package dev.loihi.emulator;

import java.util.List;

/**
 * Every stable code of a {@link dev.loihi.common.LoihiException} that the emulator core: raw networks, traces and runs throws: the
 * one place that lists them (docs/ERRORS.md documents each; a test checks both). Tests compare
 * against these; the wording of messages may change.
 */
public final class EmulatorErrors {
    private EmulatorErrors() {}

    /** A host call names an input port, output port, axon or compartment the network lacks. */
    public static final String EMULATOR_NO_SUCH_PORT = "EMULATOR_NO_SUCH_PORT";
    /** The stepping threads asked for (argument or system property loihi.emulator.threads) are not a count from 1 to 1024. */
    public static final String EMULATOR_THREADS = "EMULATOR_THREADS";
    /** An image cannot be written as a raw network (a name clash or an unrepresentable weight). */
    public static final String EXPORT_UNREPRESENTABLE = "EXPORT_UNREPRESENTABLE";
    /** Input spike times given for an image name an input port it lacks, or do not fit it. */
    public static final String INPUT_UNKNOWN = "INPUT_UNKNOWN";
    /** An input gives both spike_times and raster, or neither. */
    public static final String RAW_CONFLICT = "RAW_CONFLICT";
    /** Two blocks or inputs share a name. */
    public static final String RAW_DUPLICATE_NAME = "RAW_DUPLICATE_NAME";
    /** An input axon lists the same spike time twice (an axon spikes at most once a step). */
    public static final String RAW_DUPLICATE_SPIKE = "RAW_DUPLICATE_SPIKE";
    /** The raw network file could not be read. */
    public static final String RAW_IO = "RAW_IO";
    /** A per-compartment or per-axon list, or a raster, has the wrong length. */
    public static final String RAW_LENGTH = "RAW_LENGTH";
    /** Not JSON, a duplicate JSON key, or a value of the wrong JSON type (text for a number, 1.5 for an integer). */
    public static final String RAW_MALFORMED = "RAW_MALFORMED";
    /** A required key (steps, blocks, name, n, vth_mant, pre, post, weights, weight_exp, n_axons) is absent. */
    public static final String RAW_MISSING = "RAW_MISSING";
    /** A population synapse breaks a rule of the chip (docs/CHIP.md, population axons): its pre is not a block, a base is not -1 or 0..255 (a multiple of 4 for pop16), an index reaches past post or repeats in a row, an atom or axon exceeds what its spike can carry. */
    public static final String RAW_POPULATION = "RAW_POPULATION";
    /** A register value, a count or a spike time lies outside its range. */
    public static final String RAW_RANGE = "RAW_RANGE";
    /** A weight matrix is not [n_pre][n_post]. */
    public static final String RAW_SHAPE = "RAW_SHAPE";
    /** A block has more compartments than one core holds (1024). */
    public static final String RAW_TOO_LARGE = "RAW_TOO_LARGE";
    /** A synapse names a pre or post that is not a block or input (post must be a block). */
    public static final String RAW_UNKNOWN_NAME = "RAW_UNKNOWN_NAME";
    /** The trace file could not be read or written. */
    public static final String TRACE_IO = "TRACE_IO";
    /** The trace file is not a trace as described in docs/RAW_FORMAT.md. */
    public static final String TRACE_MALFORMED = "TRACE_MALFORMED";

    /** Every code above. */
    public static final List<String> ALL = List.of(
            EMULATOR_NO_SUCH_PORT,
            EMULATOR_THREADS,
            EXPORT_UNREPRESENTABLE,
            INPUT_UNKNOWN,
            RAW_CONFLICT,
            RAW_DUPLICATE_NAME,
            RAW_DUPLICATE_SPIKE,
            RAW_IO,
            RAW_LENGTH,
            RAW_MALFORMED,
            RAW_MISSING,
            RAW_POPULATION,
            RAW_RANGE,
            RAW_SHAPE,
            RAW_TOO_LARGE,
            RAW_UNKNOWN_NAME,
            TRACE_IO,
            TRACE_MALFORMED);
}
