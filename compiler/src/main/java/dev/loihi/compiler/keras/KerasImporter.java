package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads a trained Keras model in any of the three forms users have, recognized by content:
 *
 * <ol>
 *   <li>architecture JSON ({@code model.to_json()}) plus a weights HDF5 ({@code save_weights});
 *   <li>a full-model HDF5 ({@code model.save("m.h5")}): the config in the root attribute
 *       {@code model_config}, the weights below {@code model_weights};
 *   <li>a Keras 3 {@code .keras} zip: {@code config.json} and {@code model.weights.h5}.
 * </ol>
 *
 * An explicit weights file overrides the weights inside forms 2 and 3; its layout (Keras 2
 * {@code layer_names} at the root or below {@code model_weights}, or Keras 3 {@code layers/})
 * is also recognized by content. See {@link LayerAssembler} for what the layers become.
 */
public final class KerasImporter {
    private KerasImporter() {}

    /**
     * @param model the model file (any of the three forms)
     * @param weightsOrNull a weights HDF5; required with an architecture JSON, optional otherwise
     */
    public static AnnModel load(Path model, Path weightsOrNull) {
        try {
            return loadModel(model, weightsOrNull);
        } catch (LoihiException e) {
            // Layer errors name the layer; the user also needs to know which file holds it.
            if (e.getMessage().contains("file=")) {
                throw e;
            }
            throw new LoihiException(e.code(), e.getMessage() + ", file=" + model, e);
        }
    }

    private static AnnModel loadModel(Path model, Path weightsOrNull) {
        if (!Files.isRegularFile(model)) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "no such model file: file=" + model);
        }
        return switch (KerasFileKind.of(model)) {
            case JSON -> fromJson(model, weightsOrNull);
            case HDF5 -> fromFullModel(model, weightsOrNull);
            case ZIP -> fromArchive(model, weightsOrNull);
            case UNKNOWN -> throw new LoihiException(CompilerErrors.KERAS_BAD_FILE,
                    "not a Keras model (neither JSON, HDF5 nor a .keras zip): file=" + model);
        };
    }

    private static AnnModel fromJson(Path model, Path weights) {
        ModelSpec spec = KerasConfigParser.parse(readText(model), model.toString(), stem(model));
        if (weights == null) {
            throw new LoihiException(CompilerErrors.KERAS_MISSING_WEIGHTS, "an architecture JSON needs a weights file: file=" + model);
        }
        return withWeightsFile(spec, weights);
    }

    private static AnnModel fromFullModel(Path model, Path weights) {
        String source = model.toString();
        try (HdfFile file = HdfAccess.open(model)) {
            String config = HdfAccess.string(file, "model_config", source).orElseThrow(() -> new LoihiException(
                    CompilerErrors.KERAS_BAD_FILE, "HDF5 has no model_config attribute (a weights-only file?); pass the"
                            + " architecture JSON as the model and this file as the weights: file=" + model));
            ModelSpec spec = KerasConfigParser.parse(config, source + "#model_config", stem(model));
            if (weights != null) {
                return withWeightsFile(spec, weights);
            }
            Optional<Node> group = HdfAccess.child(file, "model_weights", source);
            if (group.isEmpty() || !(group.get() instanceof Group modelWeights)) {
                throw new LoihiException(CompilerErrors.KERAS_MISSING_WEIGHTS, "full-model HDF5 has no model_weights group: file=" + model);
            }
            WeightStore store = Keras2WeightStore.at(modelWeights, source).orElseThrow(() -> new LoihiException(
                    CompilerErrors.KERAS_BAD_FILE, "model_weights has no layer_names attribute: file=" + model));
            return LayerAssembler.assemble(spec, store);
        }
    }

    private static AnnModel fromArchive(Path model, Path weights) {
        KerasArchive archive = KerasArchive.read(model);
        String source = model + "!" + KerasArchive.CONFIG;
        ModelSpec spec = KerasConfigParser.parse(archive.config(), source, stem(model));
        if (weights != null) {
            return withWeightsFile(spec, weights);
        }
        if (archive.weights() == null) {
            throw new LoihiException(CompilerErrors.KERAS_MISSING_WEIGHTS, ".keras archive has no " + KerasArchive.WEIGHTS
                    + ": file=" + model);
        }
        String weightsSource = model + "!" + KerasArchive.WEIGHTS;
        if (!HdfAccess.isHdf5(archive.weights(), archive.weights().length)) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "archived weights are not HDF5: file=" + weightsSource);
        }
        try (HdfFile file = HdfAccess.open(archive.weights(), weightsSource)) {
            return LayerAssembler.assemble(spec, storeOf(file, weightsSource, spec));
        }
    }

    private static AnnModel withWeightsFile(ModelSpec spec, Path weights) {
        if (!Files.isRegularFile(weights)) {
            throw new LoihiException(CompilerErrors.KERAS_MISSING_WEIGHTS, "no such weights file: file=" + weights);
        }
        if (KerasFileKind.of(weights) != KerasFileKind.HDF5) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "weights file is not HDF5: file=" + weights);
        }
        try (HdfFile file = HdfAccess.open(weights)) {
            return LayerAssembler.assemble(spec, storeOf(file, weights.toString(), spec));
        }
    }

    /** The weight layout of an HDF5 file, recognized by its attributes and groups. */
    private static WeightStore storeOf(HdfFile file, String source, ModelSpec spec) {
        Optional<Keras2WeightStore> atRoot = Keras2WeightStore.at(file, source);
        if (atRoot.isPresent()) {
            return atRoot.get();
        }
        Optional<Node> modelWeights = HdfAccess.child(file, "model_weights", source);
        if (modelWeights.isPresent() && modelWeights.get() instanceof Group group) {
            Optional<Keras2WeightStore> below = Keras2WeightStore.at(group, source);
            if (below.isPresent()) {
                return below.get();
            }
        }
        if (Keras3WeightStore.recognizes(file, source)) {
            return new Keras3WeightStore(file, source, spec);
        }
        throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "HDF5 holds no Keras weights (no layer_names, no layers/ group): file="
                + source);
    }

    private static String readText(Path file) {
        try {
            byte[] bytes = dev.loihi.common.InputFiles.readAll(file, dev.loihi.common.InputFiles.MAX_ARRAY_BYTES,
                    CompilerErrors.KERAS_BAD_FILE, "model file");
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_JSON, "architecture JSON is not UTF-8 text: file=" + file);
        } catch (IOException e) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "cannot read model file: file=" + file
                    + ", reason=" + e.getClass().getSimpleName());
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
