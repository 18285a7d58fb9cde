package dev.loihi.emulator;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/**
 * The real jet tagger (fixture {@code keras/KERAS_3layer}) compiled, and seeded standard-normal
 * inputs for it.
 */
public final class KerasJetTagger {
    static final String JSON = "keras/KERAS_3layer.json";
    static final String WEIGHTS = "keras/KERAS_3layer_weights.h5";

    private KerasJetTagger() {}

    /**
     * The compiled image, with the default conversion or, {@code single}, one compartment per
     * unit and one input axon per feature sign (the network at its own size, 16-64-32-32-5);
     * fails with a one-line reason when the fixtures are absent.
     */
    public static Image compile(boolean single) {
        Optional<Path> json = Fixtures.find(JSON);
        Optional<Path> weights = Fixtures.find(WEIGHTS);
        if (json.isEmpty() || weights.isEmpty()) {
            throw new IllegalStateException("skipped: fixture " + JSON + " not found under " + Fixtures.root()
                    + " (set -Dloihi.fixtures=PATH)");
        }
        ConvertOptions options = single ? ConvertOptions.defaults().withReplicas(1).withInputCopies(1)
                : ConvertOptions.defaults();
        return Compiler.compile(AnnToSnn.convert(KerasImporter.load(json.get(), weights.get()), options)).image();
    }

    /**
     * The image of a conversion named as the benchmarks take it: {@code default}, {@code single},
     * or the path of an image file compiled by {@code loihi compile} (for instance with
     * {@code --calibrate}, to step what the calibration search chose).
     */
    public static Image image(String conversion) {
        return switch (conversion) {
            case "default" -> compile(false);
            case "single" -> compile(true);
            default -> ImageReader.read(Path.of(conversion));
        };
    }

    /** {@code rows} input vectors of {@code features} standard-normal values. */
    public static double[][] gaussianInputs(int rows, int features, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][features];
        for (double[] row : x) {
            for (int k = 0; k < features; k++) {
                row[k] = r.nextGaussian();
            }
        }
        return x;
    }
}
