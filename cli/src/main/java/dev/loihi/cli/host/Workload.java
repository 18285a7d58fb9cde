package dev.loihi.cli.host;

import dev.loihi.cli.ModelSource;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.net.Network;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;

import java.nio.file.Path;

/**
 * A model ready to run: its image, what the host needs to drive it, and the float model's
 * predictions when the model came from Keras (a bare image carries no float weights).
 */
public record Workload(Image image, ImageInfo info, AnnModel floatModel, CompileResult compiled) {

    /** Loads MODEL; a Keras model is converted (calibrated on {@code calibrate}) and compiled. */
    public static Workload load(Path model, Path weights, Path calibrate, int chips,
                                dev.loihi.cli.ConversionOptions conversion) {
        if (ModelSource.kind(model) == ModelSource.Kind.IMAGE) {
            Image image = ImageReader.read(model);
            return new Workload(image, ImageInfo.of(image), null, null);
        }
        AnnModel ann = ModelSource.keras(model, weights);
        Network network = ModelSource.convert(ann, calibrate, conversion);
        CompileResult result = dev.loihi.compiler.Compiler.compile(network, CompileOptions.builder().chips(chips).build());
        return new Workload(result.image(), ImageInfo.of(result.image()), ann, result);
    }

    public int[] floatPredictions(double[][] x) {
        if (floatModel == null) {
            return null;
        }
        double[][] y = FloatModel.predict(floatModel, x);
        int[] p = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            p[i] = Evaluation.argmax(y[i]);
        }
        return p;
    }
}
