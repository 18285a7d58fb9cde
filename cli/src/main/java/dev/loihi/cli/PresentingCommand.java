package dev.loihi.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.loihi.host.BoardPool;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of the commands that present inputs to a chip and read classes (run, evaluate):
 * declared once here, inherited by both.
 */
abstract class PresentingCommand {
    /** --target; broken by hand, as picocli would break a URL at its colon. */
    static final String TARGET_HELP = "Where to run: the in-process emulator (default),%ntcp://HOST:PORT, tls://HOST:PORT"
            + " (a board or loihi%nserve) or native:LIBRARY[?options] (a C driver). Repeat%nfor a pool of boards: inputs"
            + " spread over all; a board%nthat fails has its inputs run on the others.";

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Inputs, one per row (.npy float32/float64, or .csv); images as N x H x W x C; for NIR and native networks spike trains (.npy N x T x inputs of 0/1) or rates in [0, 1].")
    Path input;

    @Option(names = "--labels", paramLabel = "y.npy", description = "Class labels, one per input (.npy or .csv).")
    Path labels;

    @Option(names = "--target", paramLabel = "TARGET", description = TARGET_HELP)
    List<String> targets;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Mixin
    WorkersOption workers;

    @Mixin
    SettingsOptions settings;

    /** The boards --target names (the in-process emulator when none). */
    BoardPool pool() {
        return BoardPool.of(targets);
    }
}
