package dev.loihi.cli;

import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.cli.host.EmulatorPredictor;
import dev.loihi.compiler.calibrate.CalibrationSearch;
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
        CompileOptions options = CompileOptions.builder().chips(s.nChips()).build();
        CompileResult result;
        long start = System.nanoTime();
        if (ModelSource.kind(model) == ModelSource.Kind.KERAS) {
            // Keras models are calibrated on the emulator (docs/CONVERSION.md, "Calibration by search").
            result = CalibrationSearch.convert(ModelSource.keras(model, weights),
                    ModelSource.options(calibrate, conversion), options, new EmulatorPredictor()).compiled();
        } else {
            result = dev.loihi.compiler.Compiler.compile(ModelSource.network(model, weights, calibrate, conversion),
                    options);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ImageWriter.write(result.image(), output);
        spec.commandLine().getOut().print(result.report().toSummary());
        spec.commandLine().getOut().printf("image: %s (compiled in %.2f s)%n", output, seconds);
        return 0;
    }
}
