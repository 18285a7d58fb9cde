package dev.loihi.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective settings and where each came from.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi config",
                "  loihi config --set hardware.overflow=drop --set run.workers=2",
                "      what a run with these overrides would use"})
public final class ConfigCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(settings.load().render());
        return 0;
    }
}
