package dev.loihi.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.KerasWriter;
import dev.loihi.image.ChipLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a model can be wrong ends in exit 2 and one {@code error: [CODE]} line from {@code compile}. */
class CompileErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path json() {
        return TestData.kerasJson(TestData.KERAS_3LAYER);
    }

    private static Path weights() {
        return TestData.kerasWeights(TestData.KERAS_3LAYER);
    }

    private CliRun compile(Path model, Path weightsOrNull, String... more) {
        List<Object> args = new java.util.ArrayList<>(List.of("compile", model));
        if (weightsOrNull != null) {
            args.addAll(List.of("--weights", weightsOrNull));
        }
        args.addAll(List.of("-o", dir.resolve("out.img")));
        args.addAll(List.of((Object[]) more));
        return CliRun.of(args);
    }

    private Path fixtureJsonEdited(String name, String from, String to) throws Exception {
        String text = Files.readString(json());
        int at = text.indexOf(from);
        if (at < 0) {
            throw new IllegalStateException("fixture no longer contains: " + from);
        }
        return Files.writeString(dir.resolve(name), text.substring(0, at) + to + text.substring(at + from.length()));
    }

    /** --input-range takes LOW,HIGH, low below high, and only for a quantized CNN's phase code. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1", "0,1,2", "a,1", "1,0", "0,0", "0,NaN", "0,Infinity"})
    void shouldRefuseABadInputRange(String value) {
        compile(json(), weights(), "--input-range", value).assertUserError("CONVERT_BAD_OPTION");
    }

    /** A dense model has no CNN phase plan to make for a range: the option is refused, not ignored. */
    @Test
    void shouldRefuseAnInputRangeForADenseModel() {
        compile(json(), weights(), "--input-range", "0,1").assertUserError("CONVERT_BAD_OPTION");
        compile(TestData.fixture("keras_quantized/qkeras_3layer.json"),
                TestData.fixture("keras_quantized/qkeras_3layer_weights.h5"), "--input-range", "0,1")
                .assertUserError("CONVERT_BAD_OPTION");
    }

    @Test
    void shouldRefuseTruncatedWeightsFile() throws Exception {
        byte[] bytes = Files.readAllBytes(weights());
        Path cut = Files.write(dir.resolve("cut.h5"), Arrays.copyOf(bytes, bytes.length / 3));
        compile(json(), cut).assertUserError("KERAS_BAD_FILE");
    }

    @Test
    void shouldRefuseWeightsFileThatIsNotHdf5() throws Exception {
        Path text = Files.writeString(dir.resolve("weights.h5"), "these are not weights\n");
        compile(json(), text).assertUserError("KERAS_BAD_FILE");
    }

    @Test
    void shouldRefuseLayerWithoutWeights() throws Exception {
        // Insert a Dense layer between fc3_relu and the output; the weights file knows nothing of it.
        ObjectNode root = (ObjectNode) JSON.readTree(json().toFile());
        ArrayNode layers = (ArrayNode) root.path("config").path("layers");
        int fc3 = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).path("name").asText().equals("fc3_relu")) {
                fc3 = i;
            }
        }
        ObjectNode extra = layers.get(fc3).deepCopy();
        extra.put("name", "fc_extra");
        ((ObjectNode) extra.get("config")).put("name", "fc_extra");
        ObjectNode output = (ObjectNode) layers.get(fc3 + 1);
        extra.set("inbound_nodes", output.get("inbound_nodes").deepCopy());
        output.set("inbound_nodes", JSON.readTree("[[[\"fc_extra\", 0, 0, {}]]]"));
        layers.insert(fc3 + 1, extra);
        Path model = dir.resolve("extra.json");
        JSON.writeValue(model.toFile(), root);
        compile(model, weights()).assertUserError("KERAS_MISSING_WEIGHTS");
    }

    @Test
    void shouldRefuseWeightsWhoseShapeDiffersFromTheArchitecture() throws Exception {
        Path model = fixtureJsonEdited("wide.json", "\"units\": 64", "\"units\": 65");
        compile(model, weights()).assertUserError("KERAS_SHAPE_MISMATCH");
    }

    @Test
    void shouldRefuseNanWeight() {
        double[][] kernel = {{0.5, -0.2, 0.1}, {0.3, Double.NaN, 0.7}};
        double[][] out = {{1, -1}, {0.5, 0.5}, {-0.3, 0.2}};
        AnnModel model = new AnnModel("nan", 2, List.of(
                new DenseLayer("d1", kernel, new double[3], Activation.RELU),
                new DenseLayer("d2", out, new double[2], Activation.SOFTMAX)));
        Path file = dir.resolve("nan.h5");
        KerasWriter.saveH5(model, file);
        compile(file, null).assertUserError("KERAS_NONFINITE");
    }

    @Test
    void shouldRefuseUnsupportedLayer() throws Exception {
        Path model = fixtureJsonEdited("conv.json", "\"class_name\": \"Dense\"", "\"class_name\": \"Conv3D\"");
        compile(model, weights()).assertUserError("KERAS_UNSUPPORTED_LAYER");
    }

    @Test
    void shouldRefuseModelThatNeedsMoreCoresThanTheConfiguredChips() throws Exception {
        // One compartment more than a chip's cores hold: one core more than n_chips=1 allows.
        int neurons = ChipLimits.CORES_PER_CHIP * ChipLimits.COMPARTMENTS_PER_CORE + 1;
        double[][] w = new double[1][neurons];
        Arrays.fill(w[0], 0.5);
        NpyWriter.write(dir.resolve("w.npy"), w);
        Path model = Files.writeString(dir.resolve("big.net"),
                "input in 1\nensemble big " + neurons + " type=relu\nconnect in big weights=w.npy\noutput big\n");
        compile(model, null, "--set", "hardware.n_chips=1").assertUserError("PLACE_TOO_BIG");
    }

    @Test
    void shouldRefuseWeightThatFitsNoScale() throws Exception {
        // A weight of 1e5 thresholds needs more q bits than the chip has at the smallest threshold.
        Path model = Files.writeString(dir.resolve("range.net"),
                "input in 1\nensemble e 1 type=relu\nconnect in e weights=100000\noutput e\n");
        compile(model, null).assertUserError("DISCRETIZE_RANGE");
    }

    @Test
    void shouldRefuseWeightsForANativeNetwork() throws Exception {
        Path model = Files.writeString(dir.resolve("pair.net"),
                "input in 2\nensemble e 2 type=relu\nconnect in e weights=1\noutput e\n");
        compile(model, weights()).assertUserError("MODEL_OPTION_UNUSED");
    }

    @Test
    void shouldRefuseMissingModelFile() {
        compile(dir.resolve("absent.json"), weights()).assertUserError("MODEL_NOT_FOUND");
    }
}
