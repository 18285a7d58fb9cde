package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.image.ImageReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    @TempDir
    static Path dir;
    private static Path image;

    @BeforeAll
    static void compileThreeLayerModel() {
        image = dir.resolve("k3.img");
        CliRun.of("compile", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "-o", image).assertOk();
    }

    private static JsonNode inspectJson() throws Exception {
        return new ObjectMapper().readTree(CliRun.of("inspect", image, "--json").assertOk().out());
    }

    @Test
    void shouldDescribeEveryCoreInJson() throws Exception {
        JsonNode root = inspectJson();
        assertTrue(root.get("chips").asInt() >= 1, root.toString());
        assertTrue(root.get("cores").size() >= 4, "one core per layer at least");
        for (JsonNode core : root.get("cores")) {
            for (String key : new String[] {"chip", "compartments", "input_axons", "output_axons", "synapse_bits"}) {
                assertTrue(core.get(key).isIntegralNumber(), key + " in " + core);
            }
            assertTrue(core.get("layer").isTextual(), core.toString());
            assertTrue(core.get("compartments").asInt() > 0, core.toString());
        }
    }

    @Test
    void shouldDescribeEveryLayerWithItsCoresAndWeightError() throws Exception {
        JsonNode root = inspectJson();
        Set<String> names = new HashSet<>();
        int cores = 0;
        for (JsonNode layer : root.get("layers")) {
            names.add(layer.get("name").asText());
            cores += layer.get("cores").asInt();
            assertTrue(layer.get("weight_rms_error").isNumber(), layer.toString());
        }
        // The compiler may add blocks of its own (a bias source); every Keras layer must be there.
        assertTrue(names.containsAll(Set.of("fc1_relu", "fc2_relu", "fc3_relu", "output_softmax")), names.toString());
        assertEquals(root.get("cores").size(), cores, "layer core counts add up to the cores listed");
        long routes = 0;
        for (JsonNode layer : root.get("layers")) {
            routes += layer.get("routes").asLong();
            boolean readout = layer.get("name").asText().equals("output_softmax");
            assertEquals(readout, layer.get("routes").asLong() == 0, "only the readout sends no spikes: " + layer);
        }
        assertEquals(ImageReader.read(image).cores().stream().mapToLong(c -> c.routes()).sum(), routes,
                "the layers' routes are the image's");
        for (JsonNode core : root.get("cores")) {
            assertTrue(names.contains(core.get("layer").asText()), core.toString());
        }
    }

    @Test
    void shouldPrintATableNamingEveryLayer() {
        String out = CliRun.of("inspect", image).assertOk().out();
        for (String layer : new String[] {"fc1_relu", "fc2_relu", "fc3_relu", "output_softmax"}) {
            assertTrue(out.contains(layer), out);
        }
    }

    @Test
    void shouldWriteOnlySnakeCaseKeys() throws Exception {
        TestData.assertSnakeCaseKeys(inspectJson());
    }

    @Test
    void shouldCarryTheCompileWarningsInTheImage() throws Exception {
        Path deep = dir.resolve("deep.img");
        CliRun compiled = CliRun.of("compile", TestData.kerasJson(TestData.KERAS_DEEP), "--weights",
                TestData.kerasWeights(TestData.KERAS_DEEP), "-o", deep).assertOk();
        List<String> codes = compiled.out().lines().filter(l -> l.startsWith("  [")).toList();
        JsonNode warnings = new ObjectMapper().readTree(CliRun.of("inspect", deep, "--json").assertOk().out())
                .get("warnings");
        assertEquals(codes.size(), warnings.size(), warnings.toString());
        for (int i = 0; i < codes.size(); i++) {
            JsonNode w = warnings.get(i);
            assertEquals(codes.get(i), "  [" + w.get("code").asText() + "] " + w.get("message").asText());
        }
        String plain = CliRun.of("inspect", deep).assertOk().out();
        assertTrue(plain.contains("compile warnings (" + codes.size() + "):") && plain.contains(codes.get(0)), plain);
    }

    @Test
    void shouldTellTheInputWidthEncodingAndClasses() {
        String out = CliRun.of("inspect", image).assertOk().out();
        assertTrue(out.contains("input: 16 features, encoding "), out);
        assertTrue(out.contains("5 unit(s), 5 classes"), out);
    }

    @Test
    void shouldRefuseATruncatedImage() throws Exception {
        byte[] bytes = Files.readAllBytes(image);
        Path cut = Files.write(dir.resolve("cut.img"), Arrays.copyOf(bytes, bytes.length / 2));
        CliRun.of("inspect", cut).assertUserError("IMAGE_TRUNCATED");
    }
}
