package dev.loihi.cli;

import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.net.Network;
import dev.loihi.image.ImageWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile a Keras model or native network into a register image and print a summary.")
public final class CompileCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Image file to write.")
    Path output;

    @Mixin
    SettingsOptions settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoihiSettings s = settings.load();
        Network network = modelOptions.network();
        CompileResult result = dev.loihi.compiler.Compiler.compile(network,
                CompileOptions.builder().chips(s.nChips()).build());
        ImageWriter.write(result.image(), output);
        spec.commandLine().getOut().print(result.report().toSummary());
        spec.commandLine().getOut().println("image: " + output);
        return 0;
    }
}
