package dev.loihi.cli.host;

import dev.loihi.cli.ModelSource;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.calibrate.CalibrationSearch;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;

import java.nio.file.Path;
import java.util.List;

/**
 * A model ready to run: its image, what the host needs to drive it, and the float model's
 * predictions when the model came from Keras (a bare image carries no float weights).
 */
public record Workload(Image image, ImageInfo info, AnnModel floatModel, CompileResult compiled) {

    /** Loads MODEL; a Keras model is converted (calibrated on {@code calibrate}) and compiled. */
    public static Workload load(Path model, Path weights, Path calibrate, int chips,
                                dev.loihi.cli.ConversionOptions conversion) {
        ModelSource.Kind kind = ModelSource.kind(model);
        if (kind == ModelSource.Kind.IMAGE) {
            ModelSource.refuseUnused(model, "--weights", weights);
            Image image = ImageReader.read(model);
            return new Workload(image, ImageInfo.of(image), null, null);
        }
        if (kind == ModelSource.Kind.NATIVE) {
            throw new LoihiException("MODEL_NOT_RUNNABLE", "a native network has no input encoding to run with:"
                    + " file=" + model + " (run takes a Keras model or an image compiled from one)");
        }
        AnnModel ann = ModelSource.keras(model, weights);
        CompileResult result = CalibrationSearch.convert(ann, ModelSource.options(calibrate, conversion),
                CompileOptions.builder().chips(chips).build(), new EmulatorPredictor()).compiled();
        return new Workload(result.image(), ImageInfo.of(result.image()), ann, result);
    }

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
