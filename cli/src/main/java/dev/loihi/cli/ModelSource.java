package dev.loihi.cli;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.nativefmt.NativeNetworkParser;
import dev.loihi.compiler.net.Network;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a MODEL argument holds: a Keras model (three forms), a native network description, or a
 * compiled image. Decided by content, not by the file name.
 */
public final class ModelSource {
    public enum Kind { KERAS, NATIVE, IMAGE }

    private ModelSource() {}

    public static Kind kind(Path model) {
        if (!Files.isRegularFile(model)) {
            throw new LoihiException("MODEL_NOT_FOUND", "model file not found: file=" + model);
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(model)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new LoihiException("MODEL_IO", "cannot read model: file=" + model + ", reason=" + e.getMessage());
        }
        String magic = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (magic.startsWith("LOIHIIMG")) {
            return Kind.IMAGE;
        }
        if (magic.startsWith("\u0089HDF") || magic.startsWith("PK")) {
            return Kind.KERAS;
        }
        String trimmed = magic.stripLeading();
        if (trimmed.startsWith("{")) {
            return Kind.KERAS;
        }
        return Kind.NATIVE;
    }

    /** A Keras-only option given with a model that is not Keras would otherwise be ignored. */
    public static void refuseUnused(Path model, String option, Path value) {
        if (value != null) {
            throw new LoihiException("MODEL_OPTION_UNUSED", option + " applies to Keras models only: file=" + model
                    + ", " + option.substring(2) + "=" + value);
        }
    }

    public static AnnModel keras(Path model, Path weights) {
        return KerasImporter.load(model, weights);
    }

    /** Converts a Keras model to the float spiking network, calibrated on {@code calibrate} when given. */
    public static Network convert(AnnModel ann, Path calibrate, ConversionOptions conversion) {
        return AnnToSnn.convert(ann, options(calibrate, conversion));
    }

    /** The conversion settings: the user's flags over the defaults, with the calibration inputs when given. */
    public static ConvertOptions options(Path calibrate, ConversionOptions conversion) {
        ConvertOptions options = conversion == null ? ConvertOptions.defaults() : conversion.apply(ConvertOptions.defaults());
        if (calibrate != null) {
            options = options.withCalibration(NpyReader.read(calibrate).toMatrix());
        }
        return options;
    }

    public static Network network(Path model, Path weights, Path calibrate, ConversionOptions conversion) {
        return switch (kind(model)) {
            case KERAS -> convert(keras(model, weights), calibrate, conversion);
            case NATIVE -> {
                refuseUnused(model, "--weights", weights);
                refuseUnused(model, "--calibrate", calibrate);
                yield NativeNetworkParser.parse(model);
            }
            case IMAGE -> throw new LoihiException("MODEL_IS_IMAGE",
                    "model is already a compiled image: file=" + model);
        };
    }
}
