package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/** Every way a Keras file can be wrong ends in a LoihiException with its own code. */
class KerasImportErrorsTest {
    @TempDir
    Path dir;

    @Test
    void shouldRejectTruncatedWeightsAsBadFile() throws Exception {
        Path cut = truncated(KerasFixtures.weights(KerasFixtures.THREE_LAYER), 5000, "cut.h5");
        LoihiException e = fails(CompilerErrors.KERAS_BAD_FILE, () -> KerasImporter.load(KerasFixtures.json(KerasFixtures.THREE_LAYER), cut));
        assertTrue(e.getMessage().contains("cut.h5"), e.getMessage());
    }

    @Test
    void shouldRejectTruncatedFullModelAsBadFile() throws Exception {
        Path full = dir.resolve("full.h5");
        KerasWriter.saveH5(KerasFixtures.load(KerasFixtures.THREE_LAYER), full);
        Path cut = truncated(full, 9000, "cut-full.h5");
        fails(CompilerErrors.KERAS_BAD_FILE, () -> KerasImporter.load(cut, null));
    }

    @Test
    void shouldRejectTruncatedKerasArchiveAsBadFile() throws Exception {
        Path archive = dir.resolve("m.keras");
        KerasWriter.saveKeras(KerasFixtures.load(KerasFixtures.ONE_LAYER), archive);
        Path cut = truncated(archive, 3000, "cut.keras");
        fails(CompilerErrors.KERAS_BAD_FILE, () -> KerasImporter.load(cut, null));
    }

    @Test
    void shouldRejectFileThatIsNoKerasFormAsBadFile() throws Exception {
        Path junk = Files.write(dir.resolve("model.h5"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        LoihiException e = fails(CompilerErrors.KERAS_BAD_FILE, () -> KerasImporter.load(junk, null));
        assertTrue(e.getMessage().contains("model.h5"), e.getMessage());
    }

    @Test
    void shouldRejectWeightsFileThatIsNotHdf5AsBadFile() throws Exception {
        Path notHdf5 = Files.writeString(dir.resolve("weights.h5"), "not hdf5 at all");
        fails(CompilerErrors.KERAS_BAD_FILE, () -> KerasImporter.load(KerasFixtures.json(KerasFixtures.ONE_LAYER), notHdf5));
    }

    @Test
    void shouldRejectWeightsOnlyHdf5GivenAsTheModelAsBadFile() {
        fails(CompilerErrors.KERAS_BAD_FILE, () -> KerasImporter.load(KerasFixtures.weights(KerasFixtures.ONE_LAYER), null));
    }

    @Test
    void shouldRejectMissingModelFileAsBadFile() {
        fails(CompilerErrors.KERAS_BAD_FILE, () -> KerasImporter.load(dir.resolve("absent.json"), null));
    }

    @Test
    void shouldRejectMalformedJsonNamingTheFile() throws Exception {
        String text = Files.readString(KerasFixtures.json(KerasFixtures.THREE_LAYER));
        Path broken = Files.writeString(dir.resolve("broken.json"), text.substring(0, text.length() / 2));
        LoihiException e = fails(CompilerErrors.KERAS_BAD_JSON,
                () -> KerasImporter.load(broken, KerasFixtures.weights(KerasFixtures.THREE_LAYER)));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    }

    @Test
    void shouldRejectDenseWithoutUnitsAsBadConfig() throws Exception {
        KerasTestModel model = new KerasTestModel(4, 1).dense("d1", 3, "relu");
        String json = model.json().replace("\"units\":3,", "");
        fails(CompilerErrors.KERAS_BAD_CONFIG, () -> load(json, model.weights()));
    }

    @Test
    void shouldRequireAWeightsFileWithAnArchitecture() {
        fails(CompilerErrors.KERAS_MISSING_WEIGHTS, () -> KerasImporter.load(KerasFixtures.json(KerasFixtures.ONE_LAYER), null));
    }

    @Test
    void shouldNameTheLayerWhoseWeightsAreMissing() throws Exception {
        KerasTestModel model = new KerasTestModel(4, 2).dense("d1", 3, "relu").dense("d2", 2, "linear");
        model.weights().remove("d2");
        LoihiException e = fails(CompilerErrors.KERAS_MISSING_WEIGHTS, () -> load(model.json(), model.weights()));
        assertTrue(e.getMessage().contains("layer=d2"), e.getMessage());
    }

    @Test
    void shouldNameTheMissingTensor() throws Exception {
        KerasTestModel model = new KerasTestModel(4, 3).dense("d1", 3, "relu");
        model.weights().get("d1").remove("d1/bias:0");
        LoihiException e = fails(CompilerErrors.KERAS_MISSING_WEIGHTS, () -> load(model.json(), model.weights()));
        assertTrue(e.getMessage().contains("tensor=bias"), e.getMessage());
    }

    @Test
    void shouldReportShapeMismatchWithBothShapes() throws Exception {
        String json = Files.readString(KerasFixtures.json(KerasFixtures.THREE_LAYER)).replace("\"units\": 64", "\"units\": 65");
        Path arch = Files.writeString(dir.resolve("wide.json"), json);
        LoihiException e = fails(CompilerErrors.KERAS_SHAPE_MISMATCH,
                () -> KerasImporter.load(arch, KerasFixtures.weights(KerasFixtures.THREE_LAYER)));
        assertTrue(e.getMessage().contains("layer=fc1_relu"), e.getMessage());
        assertTrue(e.getMessage().contains("expected=[16, 65]") && e.getMessage().contains("actual=[16, 64]"), e.getMessage());
    }

    @Test
    void shouldNameLayerTensorAndIndexOfANanWeight() throws Exception {
        KerasTestModel model = new KerasTestModel(5, 4).dense("d1", 6, "relu").dense("d2", 2, "softmax");
        ((float[][]) model.weights().get("d2").get("d2/kernel:0"))[4][1] = Float.NaN;
        LoihiException e = fails(CompilerErrors.KERAS_NONFINITE, () -> load(model.json(), model.weights()));
        assertTrue(e.getMessage().contains("layer=d2") && e.getMessage().contains("tensor=d2/kernel:0")
                && e.getMessage().contains("index=[4, 1]"), e.getMessage());
    }

    @Test
    void shouldRejectInfiniteBias() throws Exception {
        KerasTestModel model = new KerasTestModel(5, 5).dense("d1", 6, "relu");
        ((float[]) model.weights().get("d1").get("d1/bias:0"))[3] = Float.NEGATIVE_INFINITY;
        fails(CompilerErrors.KERAS_NONFINITE, () -> load(model.json(), model.weights()));
    }

    @Test
    void shouldRejectConvolutionNamingLayerAndClass() throws Exception {
        KerasTestModel model = new KerasTestModel(4, 6);
        model.layer("Conv3D", "conv_1").put("filters", 8);
        model.dense("d1", 2, "linear");
        LoihiException e = fails(CompilerErrors.KERAS_UNSUPPORTED_LAYER, () -> load(model.json(), model.weights()));
        assertTrue(e.getMessage().contains("layer=conv_1") && e.getMessage().contains("class=Conv3D"), e.getMessage());
        assertTrue(e.getMessage().endsWith(", file=" + dir.resolve("model.json")), "names the model file: " + e.getMessage());
    }

    @Test
    void shouldRejectUnsupportedActivation() throws Exception {
        KerasTestModel model = new KerasTestModel(4, 7).dense("d1", 3, "tanh");
        LoihiException e = fails(CompilerErrors.KERAS_UNSUPPORTED_LAYER, () -> load(model.json(), model.weights()));
        assertTrue(e.getMessage().contains("activation=tanh"), e.getMessage());
    }

    @Test
    void shouldRejectSoftmaxOnAHiddenLayer() throws Exception {
        KerasTestModel model = new KerasTestModel(4, 8).dense("d1", 3, "softmax").dense("d2", 2, "linear");
        LoihiException e = fails(CompilerErrors.KERAS_UNSUPPORTED_LAYER, () -> load(model.json(), model.weights()));
        assertTrue(e.getMessage().contains("layer=d1"), e.getMessage());
    }

    /** ReLU6 imports (ConvImportTest); any other cap, a slope or a threshold is refused, naming the layer. */
    @Test
    void shouldRejectAReluCappedOtherThanAtSix() throws Exception {
        KerasTestModel model = new KerasTestModel(4, 9).dense("d1", 3, "linear");
        model.layer("ReLU", "relu4").put("max_value", 4.0);
        LoihiException e = fails(CompilerErrors.KERAS_UNSUPPORTED_LAYER, () -> load(model.json(), model.weights()));
        assertTrue(e.getMessage().contains("relu4") && e.getMessage().contains("max_value=4.0"), e.getMessage());
        KerasTestModel leaky = new KerasTestModel(4, 9).dense("d1", 3, "linear");
        leaky.layer("ReLU", "leaky").put("max_value", 6.0).put("negative_slope", 0.1);
        fails(CompilerErrors.KERAS_UNSUPPORTED_LAYER, () -> load(leaky.json(), leaky.weights()));
    }

    @Test
    void shouldRejectBatchNormAfterTheLastDense() throws Exception {
        KerasTestModel model = new KerasTestModel(4, 10).dense("d1", 3, "relu").batchNorm("bn_last", true, true);
        LoihiException e = fails(CompilerErrors.KERAS_UNSUPPORTED_LAYER, () -> load(model.json(), model.weights()));
        assertTrue(e.getMessage().contains("bn_last"), e.getMessage());
    }

    @Test
    void shouldRejectBranchingFunctionalModel() throws Exception {
        String json = """
                {"class_name": "Model", "config": {"name": "branchy", "layers": [
                  {"name": "in", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "in"}, "inbound_nodes": []},
                  {"name": "a", "class_name": "Dense", "config": {"name": "a", "units": 3}, "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"name": "b", "class_name": "Dense", "config": {"name": "b", "units": 3}, "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"name": "sum", "class_name": "Add", "config": {"name": "sum"}, "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]}],
                  "input_layers": [["in", 0, 0]], "output_layers": [["sum", 0, 0]]}}
                """;
        Path arch = Files.writeString(dir.resolve("branchy.json"), json);
        LoihiException e = fails(CompilerErrors.KERAS_UNSUPPORTED_GRAPH,
                () -> KerasImporter.load(arch, KerasFixtures.weights(KerasFixtures.ONE_LAYER)));
        assertTrue(e.getMessage().contains("layer=sum"), e.getMessage());
    }

    @Test
    void shouldRejectWeightsForLayersTheArchitectureLacks() throws Exception {
        KerasTestModel model = new KerasTestModel(4, 11).dense("d1", 3, "relu");
        KerasTestModel other = new KerasTestModel(3, 12).dense("stray", 2, "relu");
        model.weights().putAll(other.weights());
        LoihiException e = fails(CompilerErrors.KERAS_UNUSED_WEIGHTS, () -> load(model.json(), model.weights()));
        assertTrue(e.getMessage().contains("stray"), e.getMessage());
    }

    private AnnModel load(String json, Map<String, Map<String, Object>> weights) throws Exception {
        Path arch = Files.writeString(dir.resolve("model.json"), json);
        Path h5 = dir.resolve("weights.h5");
        KerasTestModel.writeKeras2Weights(h5, weights);
        return KerasImporter.load(arch, h5);
    }

    private Path truncated(Path source, int bytes, String name) throws Exception {
        byte[] all = Files.readAllBytes(source);
        return Files.write(dir.resolve(name), Arrays.copyOf(all, Math.min(bytes, all.length - 1)));
    }

    private static LoihiException fails(String code, Executable action) {
        LoihiException e = assertThrows(LoihiException.class, action);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }
}
