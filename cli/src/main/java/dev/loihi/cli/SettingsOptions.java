package dev.loihi.cli;

import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.cli.config.SettingsLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The options every command shares for its settings: --config FILE and --set key=value. */
public final class SettingsOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (HOCON), above ./loihi.conf.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting; wins over every file.")
    List<String> overrides = new ArrayList<>();

    public LoihiSettings load() {
        return SettingsLoader.load(Path.of("").toAbsolutePath(), Optional.ofNullable(configFile), System.getenv(),
                overrides);
    }
}
