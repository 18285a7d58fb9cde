package dev.loihi.cli;

import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.host.Targets;
import dev.loihi.cli.config.SettingKeys;
import dev.loihi.common.LoihiException;

/**
 * How many workers present inputs at once: {@code --workers}, else the {@code run.workers}
 * setting; 0 (the default) leaves it to the target. The in-process emulator gets one per
 * processor, a board one, since a board is one chip. Never more workers than inputs.
 */
public final class WorkerCount {

    private WorkerCount() {}

    public static int resolve(Integer option, LoihiSettings settings, String target, int inputs) {
        return resolve(option, settings, target, inputs, Runtime.getRuntime().availableProcessors());
    }

    static int resolve(Integer option, LoihiSettings settings, String target, int inputs, int processors) {
        int asked = option != null ? option : settings.workers();
        String source = option != null ? "--workers" : "setting " + SettingKeys.RUN_WORKERS.path() + ", "
                + settings.origin(SettingKeys.RUN_WORKERS);
        if (asked < 0 || asked > SettingKeys.MAX_WORKERS) {
            throw new LoihiException(CliErrors.RUN_WORKERS, "workers out of range: workers=" + asked + ", min=0 (automatic), max="
                    + SettingKeys.MAX_WORKERS + " (" + source + ")");
        }
        if (asked > 1 && Targets.isNative(target)) {
            throw new LoihiException(CliErrors.RUN_WORKERS, "a native driver runs one board over one link: workers=" + asked
                    + ", max=1, target=" + target + " (" + source + ")");
        }
        int n = asked != 0 ? asked : Targets.inProcess(target) ? processors : 1;
        return Math.max(1, Math.min(n, inputs));
    }
}
