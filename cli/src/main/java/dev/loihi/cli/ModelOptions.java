package dev.loihi.cli;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.host.HostErrors;
import dev.loihi.compiler.ModelLoader;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.nir.NirImport;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** The model a command works on and how it is converted: shared by compile, run and evaluate. */
public final class ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL",
            description = "Keras model (JSON + --weights, full-model .h5, or .keras), a NIR graph (.nir), a native network file, or (run, evaluate) a compiled image.")
    Path model;

    @Option(names = "--weights", paramLabel = "W.h5", description = "Weights HDF5 for a Keras architecture JSON.")
    Path weights;

    @Option(names = "--calibrate", paramLabel = "X.npy",
            description = "Calibration inputs that set each layer's firing-rate scale (run, evaluate: default the inputs themselves).")
    Path calibrate;

    @Mixin
    ConversionOptions conversion;

    @Mixin
    NirTimeOptions time;

    /** What MODEL holds, sniffed once (a Keras HDF5 is opened to tell it from a NIR graph). */
    private ModelLoader.Kind kind;

    /** The coding asked for with --coding (AUTO without it). */
    dev.loihi.compiler.phase.Coding coding() {
        return conversion.coding();
    }

    /** The range given with --input-range, null without it. */
    dev.loihi.compiler.phase.InputRange inputRange() {
        return conversion.inputRange();
    }

    /** The conversion settings the options force; the converter's defaults for the rest. */
    ConvertOptions convertOptions() {
        return conversion.apply(ConvertOptions.defaults());
    }

    /**
     * The compile options: {@code chips}, the model time of a step, and the presentation bound
     * --max-steps gives, or else {@code longest} (the longest presentation the command runs)
     * raised to the calibration search's 200 steps. An image keeps the bound it was compiled for.
     */
    CompileOptions compileOptions(int chips, int longest) {
        checkMaxSteps(longest);
        return CompileOptions.builder().chips(chips).dtSeconds(dtSeconds()).maxSteps(maxSteps(longest))
                .worstCase(conversion.worstCase).build();
    }

    /**
     * Refuses, before anything is compiled, --max-steps where it does not apply (an image keeps
     * the bound it was compiled for; NIR graphs and native networks have none) and a bound
     * shorter than the {@code longest} presentation the command will run.
     */
    void checkMaxSteps(int longest) {
        if (conversion.maxSteps != null && kind() != ModelLoader.Kind.KERAS) {
            throw new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, (kind() == ModelLoader.Kind.IMAGE
                    ? "an image keeps the presentation bound it was compiled for"
                    : "the presentation bound applies to converted Keras models only") + ": key=max-steps, file=" + model);
        }
        if (conversion.worstCase && kind() != ModelLoader.Kind.KERAS) {
            throw new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, (kind() == ModelLoader.Kind.IMAGE
                    ? "an image keeps the integrators it was compiled with"
                    : "integrators are sized from calibration inputs for converted Keras models only")
                    + ": key=worst-case, file=" + model);
        }
        int maxSteps = maxSteps(longest);
        // a value the compiler refuses is named as such first (OPTIONS_INVALID, key=max-steps)
        CompileOptions.builder().maxSteps(maxSteps).build();
        if (maxSteps > 0 && longest > maxSteps) {
            throw new LoihiException(HostErrors.RUN_STEPS, "presentation longer than the image would be compiled for:"
                    + " steps=" + longest + ", maxSteps=" + maxSteps + " (raise --max-steps, or 0 for any length)");
        }
    }

    private int maxSteps(int longest) {
        return conversion.maxSteps != null ? conversion.maxSteps : Math.max(CompileOptions.MIN_MAX_STEPS, longest);
    }

    /** The float spiking network of a model to compile. */
    Network network() {
        return ModelLoader.network(model, weights, calibrate, convertOptions(), time.options());
    }

    ModelLoader.Kind kind() {
        if (kind == null) {
            kind = ModelLoader.kind(model);
        }
        return kind;
    }

    boolean isNir() {
        return kind() == ModelLoader.Kind.NIR;
    }

    /** The NIR graph imported at --dt, with its per-node report. */
    NirImport nir() {
        return ModelLoader.nir(model, weights, calibrate, time.options());
    }

    /** The model time of one step: --dt for a NIR graph, the converter's 1 ms for the rest. */
    double dtSeconds() {
        return isNir() ? time.dtSeconds : CompileOptions.DEFAULT_DT_SECONDS;
    }
}
