package dev.loihi.compiler;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.KerasFileKind;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.nativefmt.NativeNetworkParser;
import dev.loihi.compiler.net.Network;
import dev.loihi.image.Image;
import dev.loihi.image.ImageLayout;
import dev.loihi.image.ImageReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The front of the pipeline: what a model file holds, decided once by its first bytes (users
 * rename files freely), and how it becomes the float spiking network the passes compile. A
 * Keras model is converted, a native network description is one already, and a compiled image
 * needs no compiling.
 */
public final class ModelLoader {
    /** What a model file holds. */
    public enum Kind { KERAS, NATIVE, IMAGE }

    /** Enough for the image magic and for HDF5's user block before its signature. */
    private static final int HEAD_BYTES = 1 << 16;

    private ModelLoader() {}

    public static Kind kind(Path model) {
        if (!Files.isRegularFile(model)) {
            throw new LoihiException(CompilerErrors.MODEL_NOT_FOUND, "model file not found: file=" + model);
        }
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(model)) {
            size = Files.size(model);
            head = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw new LoihiException(CompilerErrors.MODEL_IO, "cannot read model: file=" + model
                    + ", reason=" + e.getMessage());
        }
        return kind(head, size);
    }

    static Kind kind(byte[] head, long size) {
        if (head.length >= ImageLayout.MAGIC.length
                && Arrays.equals(head, 0, ImageLayout.MAGIC.length, ImageLayout.MAGIC, 0, ImageLayout.MAGIC.length)) {
            return Kind.IMAGE;
        }
        return KerasFileKind.of(head, size) == KerasFileKind.UNKNOWN ? Kind.NATIVE : Kind.KERAS;
    }

    /** A Keras-only option given with a model that is not Keras would otherwise be ignored. */
    public static void refuseUnused(Path model, String option, Object value) {
        if (value != null) {
            throw new LoihiException(CompilerErrors.MODEL_OPTION_UNUSED, option + " applies to Keras models only: file="
                    + model + ", " + option.substring(2) + "=" + value);
        }
    }

    /** A Keras model in any of its three forms; {@code weights} may be null except with a JSON architecture. */
    public static AnnModel keras(Path model, Path weights) {
        return KerasImporter.load(model, weights);
    }

    /** Converts a Keras model, calibrated on the inputs in {@code calibration} when it is not null. */
    public static Network convert(AnnModel ann, Path calibration, ConvertOptions options) {
        ConvertOptions o = calibration == null ? options : options.withCalibration(NpyReader.read(calibration).toMatrix());
        return AnnToSnn.convert(ann, o);
    }

    /** A compiled image; no weights belong with it. */
    public static Image image(Path model, Path weights) {
        refuseUnused(model, "--weights", weights);
        return ImageReader.read(model);
    }

    /**
     * The float spiking network of MODEL: a Keras model converted with {@code options},
     * calibrated on the inputs in {@code calibration} when it is not null, or a native network
     * description as it is.
     */
    public static Network network(Path model, Path weights, Path calibration, ConvertOptions options) {
        return switch (kind(model)) {
            case KERAS -> convert(keras(model, weights), calibration, options);
            case NATIVE -> {
                refuseUnused(model, "--weights", weights);
                refuseUnused(model, "--calibrate", calibration);
                yield NativeNetworkParser.parse(model);
            }
            case IMAGE -> throw new LoihiException(CompilerErrors.MODEL_IS_IMAGE,
                    "model is already a compiled image: file=" + model);
        };
    }
}
