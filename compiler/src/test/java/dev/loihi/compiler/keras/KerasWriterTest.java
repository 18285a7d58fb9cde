package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writer's full-model HDF5 and .keras forms load back to the model they were written from. */
class KerasWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {KerasFixtures.THREE_LAYER, KerasFixtures.ONE_LAYER, KerasFixtures.DENSE_DROPOUT})
    void shouldLoadFullModelH5IdenticalToJsonPlusWeights(String fixture) {
        AnnModel original = KerasFixtures.load(fixture);
        Path h5 = dir.resolve(fixture + ".h5");
        KerasWriter.saveH5(original, h5);
        AnnModel reloaded = KerasImporter.load(h5, null);
        assertTrue(reloaded.sameAs(original));
        assertEquals(original.name(), reloaded.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {KerasFixtures.THREE_LAYER, KerasFixtures.ONE_LAYER, KerasFixtures.DENSE_DROPOUT})
    void shouldLoadKerasArchiveIdenticalToJsonPlusWeights(String fixture) {
        AnnModel original = KerasFixtures.load(fixture);
        Path archive = dir.resolve(fixture + ".keras");
        KerasWriter.saveKeras(original, archive);
        AnnModel reloaded = KerasImporter.load(archive, null);
        assertTrue(reloaded.sameAs(original));
        assertEquals(original.name(), reloaded.name());
    }

    @Test
    void shouldWriteTheSameBytesForTheSameModel() throws Exception {
        AnnModel model = KerasFixtures.load(KerasFixtures.THREE_LAYER);
        KerasWriter.saveH5(model, dir.resolve("a.h5"));
        KerasWriter.saveH5(model, dir.resolve("b.h5"));
        KerasWriter.saveKeras(model, dir.resolve("a.keras"));
        KerasWriter.saveKeras(model, dir.resolve("b.keras"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.h5")), Files.readAllBytes(dir.resolve("b.h5")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.keras")), Files.readAllBytes(dir.resolve("b.keras")));
    }

    @Test
    void shouldWriteTheAttributesKerasTwoLoadsFrom() throws Exception {
        AnnModel model = KerasFixtures.load(KerasFixtures.THREE_LAYER);
        Path h5 = dir.resolve("m.h5");
        KerasWriter.saveH5(model, h5);
        try (HdfFile file = new HdfFile(h5)) {
            JsonNode config = JSON.readTree((String) file.getAttribute("model_config").getData());
            assertEquals("Model", config.get("class_name").asText());
            assertEquals(5, config.get("config").get("layers").size());
            Group weights = (Group) file.getChild("model_weights");
            assertArrayEquals(new String[] {"fc1_relu", "fc2_relu", "fc3_relu", "output_softmax"},
                    (String[]) weights.getAttribute("layer_names").getData());
            assertArrayEquals(new String[] {"fc1_relu/kernel:0", "fc1_relu/bias:0"},
                    (String[]) weights.getChild("fc1_relu").getAttribute("weight_names").getData());
            assertArrayEquals(new int[] {16, 64}, file.getDatasetByPath("model_weights/fc1_relu/fc1_relu/kernel:0").getDimensions());
            assertEquals(float.class, file.getDatasetByPath("model_weights/fc1_relu/fc1_relu/kernel:0").getJavaType());
        }
    }

    @Test
    void shouldWriteTheKerasThreeArchiveLayout() throws Exception {
        AnnModel model = KerasFixtures.load(KerasFixtures.ONE_LAYER);
        Path archive = dir.resolve("m.keras");
        KerasWriter.saveKeras(model, archive);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            assertEquals(List.of("metadata.json", "config.json", "model.weights.h5"),
                    zip.stream().map(ZipEntry::getName).toList());
            JsonNode config = JSON.readTree(zip.getInputStream(zip.getEntry("config.json")));
            assertEquals("Sequential", config.get("class_name").asText());
            assertEquals("keras.layers", config.get("config").get("layers").get(1).get("module").asText());
            byte[] weights = zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes();
            try (HdfFile file = HdfFile.fromBytes(weights)) {
                assertArrayEquals(new int[] {10, 32}, file.getDatasetByPath("layers/dense/vars/0").getDimensions());
                assertArrayEquals(new int[] {1}, file.getDatasetByPath("layers/dense_1/vars/1").getDimensions());
                assertTrue(((Group) file.getChild("vars")).getChildren().isEmpty(), "the model's own vars group is empty");
            }
        }
    }

    @Test
    void shouldStoreFoldedWeightsAsFloat32() throws Exception {
        KerasTestModel source = new KerasTestModel(6, 3).dense("d1", 5, "linear").batchNorm("bn", true, true)
                .activation("a", "relu").dense("out", 2, "softmax");
        Files.writeString(dir.resolve("m.json"), source.json());
        source.writeWeights(dir.resolve("w.h5"));
        AnnModel folded = KerasImporter.load(dir.resolve("m.json"), dir.resolve("w.h5"));
        KerasWriter.saveH5(folded, dir.resolve("folded.h5"));
        AnnModel reloaded = KerasImporter.load(dir.resolve("folded.h5"), null);
        for (int l = 0; l < folded.layers().size(); l++) {
            double[][] k = folded.layers().get(l).kernel();
            for (int i = 0; i < k.length; i++) {
                for (int j = 0; j < k[i].length; j++) {
                    assertEquals((float) k[i][j], reloaded.layers().get(l).kernel()[i][j], 0.0);
                }
            }
        }
    }
}
