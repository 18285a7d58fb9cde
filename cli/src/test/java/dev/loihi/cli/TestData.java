package dev.loihi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loihi.common.Fixtures;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.compiler.nir.NirArray;
import dev.loihi.compiler.nir.NirEdge;
import dev.loihi.compiler.nir.NirFileWriter;
import dev.loihi.compiler.nir.NirGraph;
import dev.loihi.compiler.nir.NirNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Shared fixtures (read in place) and small seeded input files for the command tests. */
final class TestData {
    static final String KERAS_3LAYER = "KERAS_3layer";
    /** Six dense layers whose small weights give the compiler more than ten warnings. */
    static final String KERAS_DEEP = "KERAS_dense_16x100x100x100x100x100x5";
    /** Inputs of the jet-tagger fixtures: standardized features, so standard normal is a fair input. */
    static final int KERAS_FEATURES = 16;

    private TestData() {}

    static Path fixture(String relative) {
        Optional<Path> p = Fixtures.find(relative);
        Assumptions.assumeTrue(p.isPresent(), "fixture absent: " + relative);
        return p.get();
    }

    /** The architecture JSON of a Keras fixture, e.g. {@code KERAS_3layer}. */
    static Path kerasJson(String name) {
        return fixture("keras/" + name + ".json");
    }

    /** The weights HDF5 that goes with {@link #kerasJson}. */
    static Path kerasWeights(String name) {
        return fixture("keras/" + name + "_weights.h5");
    }

    /** Names of every Keras fixture (an architecture JSON with its weights file). */
    static List<String> kerasModels() {
        return listed("keras", ".json").stream()
                .filter(name -> Files.isRegularFile(fixture("keras").resolve(name + "_weights.h5")))
                .toList();
    }

    /** Names of every raw-network fixture that comes with its reference trace. */
    static List<String> rawCases() {
        return listed("raw", ".json").stream().filter(name -> !name.endsWith(".trace")).toList();
    }

    private static List<String> listed(String folder, String suffix) {
        try (Stream<Path> files = Files.list(fixture(folder))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list fixtures: folder=" + folder, e);
        }
    }

    /** Writes {@code rows} x {@code cols} standard-normal values drawn from {@code seed}. */
    /** A small NIR graph written with the project's writer: Input 3 -> Linear -> CubaLIF 4 -> Output. */
    static Path nirGraph(Path file) {
        Map<String, NirArray> lif = new LinkedHashMap<>();
        lif.put("tau_syn", NirArray.of(0.005, 0.005, 0.005, 0.005));
        lif.put("tau_mem", NirArray.of(0.02, 0.02, 0.02, 0.02));
        lif.put("r", NirArray.of(1, 1, 1, 1));
        lif.put("v_leak", NirArray.of(0, 0, 0, 0));
        lif.put("v_threshold", NirArray.of(1, 1, 1, 1));
        lif.put("w_in", NirArray.of(1, 1, 1, 1));
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        nodes.put("in", new NirNode("in", "Input", Map.of("shape", NirArray.of(3)), null));
        nodes.put("fc", new NirNode("fc", "Linear", Map.of("weight", NirArray.matrix(new double[][] {
                {2, -1, 0.5}, {0.3, 1.5, -2}, {-0.7, 0.2, 3}, {1, 1, 1}})), null));
        nodes.put("lif", new NirNode("lif", "CubaLIF", lif, null));
        nodes.put("out", new NirNode("out", "Output", Map.of("shape", NirArray.of(4)), null));
        NirFileWriter.write(new NirGraph("0.2.0", nodes, List.of(new NirEdge("in", "fc"), new NirEdge("fc", "lif"),
                new NirEdge("lif", "out"))), file);
        return file;
    }

    static Path standardNormal(Path file, int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int k = 0; k < cols; k++) {
                row[k] = random.nextGaussian();
            }
        }
        NpyWriter.write(file, x);
        return file;
    }

    /** Writes {@code rows} class labels in [0, classes) drawn from {@code seed}. */
    static Path labels(Path file, int rows, int classes, long seed) {
        Random random = new Random(seed);
        long[] y = new long[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = random.nextInt(classes);
        }
        NpyWriter.write(file, y);
        return file;
    }

    /** Every object key anywhere in {@code json} is snake_case, as the CLI promises of its JSON. */
    static void assertSnakeCaseKeys(JsonNode json) {
        if (json.isObject()) {
            json.fieldNames().forEachRemaining(k -> Assertions.assertTrue(k.matches("[a-z][a-z0-9_]*"),
                    () -> "key not snake_case: " + k + " in " + json));
        }
        json.forEach(TestData::assertSnakeCaseKeys);
    }

    static Path zeros(Path file, int rows, int cols) {
        NpyWriter.write(file, new double[rows][cols]);
        return file;
    }
}
