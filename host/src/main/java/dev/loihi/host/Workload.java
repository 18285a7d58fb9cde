package dev.loihi.host;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.ModelLoader;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.calibrate.CalibrationSearch;
import dev.loihi.compiler.phase.Coding;
import dev.loihi.compiler.phase.InputRange;
import dev.loihi.compiler.report.Diagnostic;
import dev.loihi.compiler.phase.PhaseCompiler;
import dev.loihi.image.Image;

import java.nio.file.Path;
import java.util.List;

/**
 * A model ready to run: its image, what the host needs to drive it, and the float model's
 * predictions when the model came from Keras (a bare image carries no float weights).
 */
public record Workload(Image image, ImageInfo info, AnnModel floatModel, CompileResult compiled) {

    /**
     * Loads MODEL: a compiled image as it is; a Keras model converted with {@code conversion}
     * (calibrated on the inputs in {@code calibrate}) and compiled for {@code chips} chips.
     */
    public static Workload load(Path model, Path weights, Path calibrate, int chips, ConvertOptions conversion) {
        return load(model, weights, calibrate, chips, conversion, Coding.AUTO);
    }

    /** As {@link #load(Path, Path, Path, int, ConvertOptions)}, a Keras model coded as {@code coding} says. */
    public static Workload load(Path model, Path weights, Path calibrate, int chips, ConvertOptions conversion,
                                Coding coding) {
        return load(model, weights, calibrate, chips, conversion, coding, null);
    }

    /** As {@link #load(Path, Path, Path, int, ConvertOptions, Coding)}, a quantized CNN's phase plan made for {@code range}. */
    public static Workload load(Path model, Path weights, Path calibrate, int chips, ConvertOptions conversion,
                                Coding coding, InputRange range) {
        return load(model, weights, calibrate, CompileOptions.builder().chips(chips).build(), conversion, coding, range);
    }

    /**
     * As {@link #load(Path, Path, Path, int, ConvertOptions, Coding, InputRange)}, a Keras model
     * compiled with {@code options} (chips, presentation bound).
     */
    public static Workload load(Path model, Path weights, Path calibrate, CompileOptions options,
                                ConvertOptions conversion, Coding coding, InputRange range) {
        ModelLoader.Kind kind = ModelLoader.kind(model);
        if (kind != ModelLoader.Kind.KERAS && range != null) {
            throw new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, "the input range applies to the phase code of"
                    + " quantized Keras CNNs only (an image keeps the range it was compiled for): key=input-range,"
                    + " file=" + model);
        }
        if (kind == ModelLoader.Kind.IMAGE) {
            Image image = ModelLoader.image(model, weights);
            return new Workload(image, ImageInfo.of(image), null, null);
        }
        if (kind == ModelLoader.Kind.NIR) {
            throw new LoihiException(HostErrors.MODEL_NOT_RUNNABLE, "a NIR graph takes spike trains, not rate-encoded rows:"
                    + " file=" + model + " (run it with SpikeTrainRunner, or loihi run)");
        }
        if (kind == ModelLoader.Kind.NATIVE) {
            throw new LoihiException(HostErrors.MODEL_NOT_RUNNABLE, "a native network takes spikes, not rate-encoded rows:"
                    + " file=" + model + " (run it with SpikeTrainRunner, or loihi run)");
        }
        AnnModel ann = ModelLoader.keras(model, weights);
        CompileResult result = compile(ann, calibrate, conversion, options, coding, range);
        return new Workload(result.image(), ImageInfo.of(result.image()), ann, result);
    }

    /**
     * Converts and compiles a Keras model. With calibration inputs (and no percentile forced in
     * {@code conversion}) the normalization is chosen by measuring candidates on the in-process
     * emulator (docs/CONVERSION.md, "Calibration by search"); the choice and the scores go into
     * the report and the image metadata.
     */
    public static CompileResult compile(AnnModel ann, Path calibrate, ConvertOptions conversion, CompileOptions options) {
        return compile(ann, calibrate, conversion, options, Coding.AUTO);
    }

    /**
     * As {@link #compile(AnnModel, Path, ConvertOptions, CompileOptions)}; a model whose hidden
     * activations are fixed-grid quantized ReLUs is phase coded unless {@code coding} is RATE
     * (docs/CONVERSION.md, "Phase code"): exact integers, no normalization to search.
     */
    public static CompileResult compile(AnnModel ann, Path calibrate, ConvertOptions conversion, CompileOptions options,
                                        Coding coding) {
        return compile(ann, calibrate, conversion, options, coding, null);
    }

    /**
     * As {@link #compile(AnnModel, Path, ConvertOptions, CompileOptions, Coding)}; a quantized
     * CNN's phase plan is made for inputs in {@code range} (--input-range), or without it for the
     * calibration values' range when the input scale is not set. The range applies to the phase
     * code only: with the rate code chosen ({@code --coding rate} or a model without a phase
     * form) it is refused.
     */
    public static CompileResult compile(AnnModel ann, Path calibrate, ConvertOptions conversion, CompileOptions options,
                                        Coding coding, InputRange range) {
        boolean rateOptions = !Double.isNaN(conversion.percentile()) || !Double.isNaN(conversion.maxRatePerStep())
                || conversion.replicas() != 0 || conversion.inputCopies() != 0;
        if (rateOptions && coding == Coding.PHASE) {
            throw new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, "rate code options do not apply to the phase code:"
                    + " key=coding, value=phase (drop --percentile, --max-rate, --replicas and --input-copies, or use"
                    + " --coding rate)");
        }
        // Options only the rate code has say the user wants it.
        Coding chosen = rateOptions && coding == Coding.AUTO ? Coding.RATE : coding;
        double inputScale = Double.isNaN(conversion.inputScale()) ? ConvertOptions.DEFAULT_INPUT_SCALE : conversion.inputScale();
        // read once: the phase code checks its hold on these rows, the rate code searches on them
        ConvertOptions calibrated = ModelLoader.calibrated(calibrate, conversion, ann.inputSize());
        PhaseCompiler.Form form = PhaseCompiler.form(ann);
        boolean phaseCapable = form != PhaseCompiler.Form.NONE;
        if (range != null && (chosen == Coding.RATE || form != PhaseCompiler.Form.CNN)) {
            throw new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, "the input range applies to the phase code of"
                    + " quantized CNNs only: key=input-range, model=" + ann.name() + ", coding="
                    + (chosen == Coding.RATE ? "rate" : form == PhaseCompiler.Form.DENSE ? "phase (dense)" : "rate (no phase form)"));
        }
        double[][] rows = chosen == Coding.RATE || !phaseCapable ? null : calibrated.calibrationInputs();
        InputRange cnnRange = range != null || !Double.isNaN(conversion.inputScale()) ? range : InputRange.of(rows);
        CompileResult phase = PhaseCompiler.compile(ann, form, chosen, inputScale, rows, cnnRange, options);
        if (phase != null) {
            return phase;
        }
        CompileResult rate = CalibrationSearch.convert(ann, calibrated, options, new EmulatorPredictor()).compiled();
        if (coding == Coding.AUTO && phaseCapable) {
            // the model could have had exact counts: say why it did not
            String why = rateOptions ? "rate code options given (--percentile, --max-rate, --replicas or --input-copies)"
                    : form == PhaseCompiler.Form.CNN ? "the quantized CNN's phase network cannot be built (loihi compile --coding phase names why)"
                    : "the first layer's hold does not cover the inputs";
            return new CompileResult(rate.image(), rate.report().withWarning(new Diagnostic(HostErrors.PHASE_NOT_USED, ann.name(),
                    "quantized model kept on the rate code, which does not reproduce its rounding: model=" + ann.name()
                            + ", reason=" + why + " (docs/CONVERSION.md, \"Phase code\")")));
        }
        return rate;
    }

    /**
     * Steps at the start of a presentation left out of the readout while the layers fill: two
     * per layer, at most a tenth of the presentation.
     */
    public int defaultSettle(int stepsPerInput) {
        if (info.phaseCoded()) {
            // The readout sums every step: the output bias arrives at step 1.
            return 0;
        }
        long layers = image.cores().stream().map(c -> c.layer()).distinct().count();
        return (int) Math.min(2 * layers, stepsPerInput / 10);
    }

    /**
     * The compile warnings: the compile report's for a model compiled here (it holds what the
     * compile decided after packing, such as PHASE_NOT_USED), the image metadata's for a bare image.
     */
    public List<Diagnostic> compileWarnings() {
        if (compiled != null) {
            return compiled.report().warnings();
        }
        List<Diagnostic> warnings = new java.util.ArrayList<>();
        for (var w : info.metadata().path("warnings")) {
            warnings.add(new Diagnostic(w.path("code").asText(), w.path("layer").asText(), w.path("message").asText()));
        }
        return warnings;
    }

    /** The float model's class of each row of {@code x}; null for a bare image. */
    public int[] floatPredictions(double[][] x) {
        if (floatModel == null) {
            return null;
        }
        List<double[][]> outputs = FloatModel.layerOutputs(floatModel, x);
        int[] p = new int[x.length];
        if (floatModel.outputSize() == 1) {
            // The chip reads the last layer's pre-activation; classify the float model's the same way.
            double[][] lastHidden = outputs.size() > 1 ? outputs.get(outputs.size() - 2) : x;
            for (int i = 0; i < x.length; i++) {
                p[i] = Evaluation.classOf(FloatModel.affine(floatModel.outputLayer(), lastHidden[i]));
            }
            return p;
        }
        double[][] y = outputs.get(outputs.size() - 1);
        for (int i = 0; i < y.length; i++) {
            p[i] = Evaluation.argmax(y[i]);
        }
        return p;
    }
}
