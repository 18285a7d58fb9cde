package dev.loihi.compiler.keras;

import dev.loihi.common.Fixtures;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** The shared hls4ml Keras models (architecture JSON plus weights HDF5), skipped when absent. */
final class KerasFixtures {
    static final String THREE_LAYER = "KERAS_3layer";
    static final String ONE_LAYER = "KERAS_1layer";
    static final String DENSE_DROPOUT = "KERAS_dense_16x100x100x100x100x100x5";

    static final String CONV1D = "KERAS_conv1d_small";
    static final String CONV2D = "KERAS_conv2d_model";
    static final String JET_CONV2D = "jetTagger_Conv2D_Small_NoBatchNorm";

    private KerasFixtures() {}

    /** A model of the keras_conv folder. */
    static AnnModel loadConv(String model) {
        return KerasImporter.load(require("keras_conv/" + model + ".json"), convWeights(model));
    }

    static Path convWeights(String model) {
        return require("keras_conv/" + model + "_weights.h5");
    }

    static Path json(String model) {
        return require("keras/" + model + ".json");
    }

    static Path weights(String model) {
        return require("keras/" + model + "_weights.h5");
    }

    static AnnModel load(String model) {
        return KerasImporter.load(json(model), weights(model));
    }

    private static Path require(String relative) {
        Optional<Path> path = Fixtures.find(relative);
        Assumptions.assumeTrue(path.isPresent(), "fixture absent: " + relative);
        return path.get();
    }
}
