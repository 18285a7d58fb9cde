package dev.loihi.cli;

import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.net.Network;
import dev.loihi.image.ImageWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile a Keras model or native network into a register image and print a summary.")
public final class CompileCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Keras JSON/.h5/.keras, or a native network file.")
    Path model;

    @Option(names = "--weights", paramLabel = "W.h5", description = "Weights HDF5 for a Keras architecture JSON.")
    Path weights;

    @Option(names = "--calibrate", paramLabel = "X.npy", description = "Inputs that set each layer's firing-rate scale.")
    Path calibrate;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Image file to write.")
    Path output;

    @Mixin
    SettingsOptions settings;

    @Mixin
    ConversionOptions conversion;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoihiSettings s = settings.load();
        Network network = ModelSource.network(model, weights, calibrate, conversion);
        CompileResult result = dev.loihi.compiler.Compiler.compile(network,
                CompileOptions.builder().chips(s.nChips()).build());
        ImageWriter.write(result.image(), output);
        spec.commandLine().getOut().print(result.report().toSummary());
        spec.commandLine().getOut().println("image: " + output);
        return 0;
    }
}
