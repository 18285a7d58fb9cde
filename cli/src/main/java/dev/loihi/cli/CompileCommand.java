package dev.loihi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.ModelLoader;
import dev.loihi.host.Workload;
import dev.loihi.image.ImageWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.loihi.compiler.nir.NirImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile a Keras model, NIR graph or native network into a register image and print a summary.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi compile model.json --weights model_weights.h5 -o model.img",
                "      a Keras architecture JSON and its weights; calibrated on nothing (the",
                "      converter's defaults)",
                "  loihi compile model.json --weights model_weights.h5 --calibrate x.npy \\",
                "      --report report.json -o model.img",
                "      rate scales from the inputs in x.npy; report.json holds every layer, core",
                "      and warning"})
public final class CompileCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Image file to write.")
    Path output;

    @Option(names = "--report", paramLabel = "REPORT.json", description = {"Write the whole compile report here: every"
            + " layer, core and warning (the summary then lists the first 10 warnings; without --report it lists all)."})
    Path report;

    @Mixin
    SettingsOptions settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LoihiSettings s = settings.load();
        PrintWriter out = spec.commandLine().getOut();
        // run presents 200 steps unless told otherwise; the image refuses longer presentations than it is sized for
        CompileOptions options = modelOptions.compileOptions(s.nChips(), RunCommand.DEFAULT_STEPS_PER_INPUT);
        long start = System.nanoTime();
        CompileResult result;
        if (modelOptions.inputRange() != null && modelOptions.kind() != ModelLoader.Kind.KERAS) {
            throw new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, "the input range applies to the phase code of"
                    + " quantized Keras CNNs only: key=input-range, file=" + modelOptions.model);
        }
        if (modelOptions.isNir()) {
            NirImport nir = modelOptions.nir();
            NirReport.print(nir, out);
            result = dev.loihi.compiler.Compiler.compile(nir.network(), options);
        } else if (modelOptions.kind() == ModelLoader.Kind.KERAS) {
            // Keras models are calibrated on the emulator (docs/CONVERSION.md, "Calibration by search").
            result = Workload.compile(ModelLoader.keras(modelOptions.model, modelOptions.weights), modelOptions.calibrate,
                    modelOptions.convertOptions(), options, modelOptions.coding(),
                    modelOptions.inputRange());
        } else {
            result = dev.loihi.compiler.Compiler.compile(modelOptions.network(), options);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ImageWriter.write(result.image(), output);
        out.print(report == null ? result.report().toSummary(Integer.MAX_VALUE) : result.report().toSummary());
        out.printf("image: %s (compiled in %.2f s)%n", output, seconds);
        if (report != null) {
            JsonNode json = SnakeCaseKeys.of(RunCommand.JSON.readTree(result.report().toJson()));
            RunCommand.writeAtomically(report, RunCommand.JSON.writeValueAsString(json));
            out.println("report: " + report);
        }
        return 0;
    }
}
