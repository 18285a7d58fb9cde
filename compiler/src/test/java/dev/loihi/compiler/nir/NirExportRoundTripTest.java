package dev.loihi.compiler.nir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * export-nir's promise: compile X.nir to image A, export A as G.nir, compile G.nir to image B,
 * and A and B are the same bytes (registers, synapse memory, routes and metadata).
 */
class NirExportRoundTripTest {
    @TempDir
    Path dir;

    static Stream<Arguments> fixtures() {
        return Stream.of(Arguments.of("lif_norse.nir", 1e-4), Arguments.of("braille_noDelay_noBias_subtract.nir", 1e-4),
                Arguments.of("cnn_sinabs.nir", 1e-3));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void shouldReimportAFixtureToTheSameImageBytes(String name, double dt) {
        NirOptions options = new NirOptions(dt, NirOptions.Integration.EXACT);
        Image a = compile(NirImporter.importFile(NirFixtureImportTest.fixture(name), options), dt);
        assertSameBytes(a, reimport(a, options, dt));
    }

    /** Random recurrent CubaLIF / LIF / IF graphs with mixed-sign weights, biases and a readout. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldReimportAGeneratedGraphToTheSameImageBytes(long seed) {
        double dt = 1e-3;
        NirOptions options = new NirOptions(dt, NirOptions.Integration.EXACT);
        Image a = compile(NirImporter.importGraph(generated(new Random(seed)), "gen" + seed, options), dt);
        assertSameBytes(a, reimport(a, options, dt));
    }

    @Test
    void shouldRefuseToReimportAtAnotherStep() {
        NirOptions options = new NirOptions(1e-3, NirOptions.Integration.EXACT);
        Image a = compile(NirImporter.importGraph(generated(new Random(1)), "gen", options), 1e-3);
        Path file = dir.resolve("g.nir");
        NirFileWriter.write(NirExporter.export(a), file);
        LoihiException e = assertThrows(LoihiException.class, () -> NirImporter.importFile(file,
                new NirOptions(2e-3, NirOptions.Integration.EXACT)));
        assertEquals(CompilerErrors.NIR_BAD_VALUE, e.code());
    }

    @Test
    void shouldRefuseAnImageOfConvertedNeurons() {
        Network net = new Network("relu", List.of(new Input("x", 2)),
                List.of(new Ensemble("h", 2, NeuronType.SPIKING_RELU, 0.02, 0.0, new double[2])),
                List.of(new Connection("x", "h", new double[][] {{1, 0}, {0, 1}}, 0)), List.of("h"),
                new InputEncoding(InputEncoding.Kind.NONE, 2, 1.0, "linear"));
        Image image = Compiler.compile(net).image();
        LoihiException e = assertThrows(LoihiException.class, () -> NirExporter.export(image));
        assertEquals(CompilerErrors.NIR_EXPORT_UNSUPPORTED, e.code());
    }

    private Image reimport(Image a, NirOptions options, double dt) {
        Path file = dir.resolve("g.nir");
        NirFileWriter.write(NirExporter.export(a), file);
        return compile(NirImporter.importFile(file, options), dt);
    }

    private static Image compile(NirImport imported, double dt) {
        return Compiler.compile(imported.network(), CompileOptions.builder().dtSeconds(dt).build()).image();
    }

    private static void assertSameBytes(Image a, Image b) {
        assertEquals(a.metadata(), b.metadata());
        assertArrayEquals(ImageWriter.write(a), ImageWriter.write(b));
    }

    private static NirGraph generated(Random rnd) {
        int inputs = 3 + rnd.nextInt(6);
        int hidden = 5 + rnd.nextInt(30);
        int out = 2 + rnd.nextInt(5);
        List<NirNode> nodes = new ArrayList<>();
        nodes.add(NirImporterTest.node("in", "Input", "shape", new double[] {inputs}));
        nodes.add(NirImporterTest.node("fc1", "Affine", "weight", matrix(rnd, hidden, inputs, 0.6), "bias",
                vector(rnd, hidden, 0.05)));
        nodes.add(NirImporterTest.node("rec", "Linear", "weight", matrix(rnd, hidden, hidden, 0.3)));
        String kind = List.of("CubaLIF", "LIF", "IF").get(rnd.nextInt(3));
        nodes.add(neuron(rnd, "h", kind, hidden));
        nodes.add(NirImporterTest.node("fc2", "Linear", "weight", matrix(rnd, out, hidden, 0.8)));
        nodes.add(neuron(rnd, "o", "CubaLIF", out));
        nodes.add(NirImporterTest.node("fc3", "Linear", "weight", matrix(rnd, 2, out, 1.0)));
        nodes.add(NirImporterTest.node("spikes", "Output", "shape", new double[] {out}));
        nodes.add(NirImporterTest.node("value", "Output", "shape", new double[] {2}));
        return NirImporterTest.graph(nodes, "in", "fc1", "fc1", "h", "h", "rec", "rec", "h", "h", "fc2", "fc2", "o",
                "o", "spikes", "o", "fc3", "fc3", "value");
    }

    private static NirNode neuron(Random rnd, String name, String kind, int n) {
        double[] ones = filled(n, 1);
        double[] threshold = filled(n, 0.5 + rnd.nextDouble());
        return switch (kind) {
            case "IF" -> NirImporterTest.node(name, "IF", "r", ones, "v_threshold", threshold);
            case "LIF" -> NirImporterTest.node(name, "LIF", "tau", filled(n, 0.005 + 0.05 * rnd.nextDouble()), "r", ones,
                    "v_leak", vector(rnd, n, 0.1), "v_threshold", threshold);
            default -> NirImporterTest.node(name, "CubaLIF", "tau_syn", filled(n, 0.002 + 0.01 * rnd.nextDouble()),
                    "tau_mem", filled(n, 0.005 + 0.05 * rnd.nextDouble()), "r", ones, "v_leak", vector(rnd, n, 0.1),
                    "v_threshold", threshold, "w_in", ones);
        };
    }

    private static double[][] matrix(Random rnd, int rows, int cols, double sd) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian() * sd;
            }
        }
        return m;
    }

    private static double[] vector(Random rnd, int n, double sd) {
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            v[j] = rnd.nextGaussian() * sd;
        }
        return v;
    }

    private static double[] filled(int n, double value) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
