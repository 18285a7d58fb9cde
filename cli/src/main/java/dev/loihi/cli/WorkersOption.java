package dev.loihi.cli;

import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.host.BoardPool;
import picocli.CommandLine.Option;

/** {@code --workers N}, shared by the commands that present inputs: run and evaluate. */
public final class WorkersOption {
    @Option(names = "--workers", paramLabel = "N", description = {"Inputs presented at once, each by a worker with its"
            + " own link (default: setting run.workers; 0: one per processor on the in-process emulator, 1 on a board);"
            + " with several --target, per board."})
    Integer workers;

    /** The workers for {@code inputs} inputs on {@code target}. */
    int resolve(LoihiSettings settings, String target, int inputs) {
        return WorkerCount.resolve(workers, settings, target, inputs);
    }

    /** The workers on each board of {@code pool}, each resolved as for that board alone. */
    int[] resolve(LoihiSettings settings, BoardPool pool, int inputs) {
        return pool.targets().stream().mapToInt(t -> resolve(settings, t, inputs)).toArray();
    }
}
