package dev.loihi.cli;

import java.util.List;

/**
 * Every stable code of a {@link dev.loihi.common.LoihiException} that the command line: settings, options and commands throws: the
 * one place that lists them (docs/ERRORS.md documents each; a test checks both). Tests compare
 * against these; the wording of messages may change.
 */
public final class CliErrors {
    private CliErrors() {}

    /** Code of a command line picocli rejects: unknown option, missing argument, value of the wrong type. */
    public static final String CLI_USAGE = "CLI_USAGE";
    /** A --set argument that is not key=value with a valid key path. */
    public static final String CONFIG_BAD_SET = "CONFIG_BAD_SET";
    /** A value of the wrong type, out of its range, or not one of its choices. */
    public static final String CONFIG_BAD_VALUE = "CONFIG_BAD_VALUE";
    /** A config file named by --config (or LOIHI_USER_CONFIG) that does not exist or cannot be read. */
    public static final String CONFIG_FILE = "CONFIG_FILE";
    /** A config file that is not valid HOCON. */
    public static final String CONFIG_SYNTAX = "CONFIG_SYNTAX";
    /** A key no setting has: a typo, or a setting of another version. */
    public static final String CONFIG_UNKNOWN_KEY = "CONFIG_UNKNOWN_KEY";
    /** An argument of loihi example is out of range. */
    public static final String EXAMPLE_ARGUMENT = "EXAMPLE_ARGUMENT";
    /** emulate was asked for a step range outside the network's steps, or an empty one. */
    public static final String EMULATE_STEPS = "EMULATE_STEPS";
    /** The example cannot write its files in the working directory. */
    public static final String EXAMPLE_DIR = "EXAMPLE_DIR";
    /** export-raw was asked for no steps, or more than a raw file holds. */
    public static final String EXPORT_STEPS = "EXPORT_STEPS";
    /** export-nir was asked to write over the image it reads. */
    public static final String EXPORT_NIR_OUTPUT = "EXPORT_NIR_OUTPUT";
    /** The JVM ran out of heap: the model or run needs more memory than -Xmx allows. */
    public static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";
    /** A plot could not be written. */
    public static final String PLOT_WRITE = "PLOT_WRITE";
    /** The settling period is not shorter than the presentation, or one was given for a phase-coded image, whose readout sums every step. */
    public static final String RUN_SETTLE = "RUN_SETTLE";
    /** The worker count is out of range or not possible on the target. */
    public static final String RUN_WORKERS = "RUN_WORKERS";
    /** The TLS options of serve are incomplete or unreadable. */
    public static final String SERVE_TLS = "SERVE_TLS";
    /** The access token file of serve is missing, unreadable or empty. */
    public static final String SERVE_TOKEN = "SERVE_TOKEN";
    /** A trained zoo model predicts too few classes on its test set to judge the conversion on. */
    public static final String ZOO_CLASSES = "ZOO_CLASSES";
    /** A zoo model or its data could not be written. */
    public static final String ZOO_WRITE = "ZOO_WRITE";

    /** Every code above. */
    public static final List<String> ALL = List.of(
            CLI_USAGE,
            CONFIG_BAD_SET,
            CONFIG_BAD_VALUE,
            CONFIG_FILE,
            CONFIG_SYNTAX,
            CONFIG_UNKNOWN_KEY,
            EMULATE_STEPS,
            EXAMPLE_ARGUMENT,
            EXAMPLE_DIR,
            EXPORT_NIR_OUTPUT,
            EXPORT_STEPS,
            OUT_OF_MEMORY,
            PLOT_WRITE,
            RUN_SETTLE,
            RUN_WORKERS,
            SERVE_TLS,
            SERVE_TOKEN,
            ZOO_CLASSES,
            ZOO_WRITE);
}
