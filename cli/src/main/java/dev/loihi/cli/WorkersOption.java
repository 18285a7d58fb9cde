package dev.loihi.cli;

import dev.loihi.cli.config.LoihiSettings;
import picocli.CommandLine.Option;

/** {@code --workers N}, shared by the commands that present inputs: run and evaluate. */
public final class WorkersOption {
    @Option(names = "--workers", paramLabel = "N", description = {"Inputs presented at once, each by a worker with its"
            + " own link (default: setting run.workers; 0: one per processor on the in-process emulator, 1 on a board)."})
    Integer workers;

    /** The workers for {@code inputs} inputs on {@code target}. */
    int resolve(LoihiSettings settings, String target, int inputs) {
        return WorkerCount.resolve(workers, settings, target, inputs);
    }
}
