package dev.loihi.compiler.nir;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NIR graphs written here with {@link NirFileWriter}, read back and imported. */
class NirImporterTest {
    private static final NirOptions MS = NirOptions.defaults();

    @TempDir
    Path dir;

    static NirNode node(String name, String type, Object... keyValues) {
        Map<String, NirArray> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            params.put((String) keyValues[i], v instanceof double[][] m ? NirArray.matrix(m) : NirArray.of((double[]) v));
        }
        return new NirNode(name, type, params, null);
    }

    static NirGraph graph(List<NirNode> nodes, String... edges) {
        Map<String, NirNode> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        List<NirEdge> list = new java.util.ArrayList<>();
        for (int i = 0; i < edges.length; i += 2) {
            list.add(new NirEdge(edges[i], edges[i + 1]));
        }
        return new NirGraph("0.2.0", byName, list);
    }

    static NirNode lif(String name, int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        double[] tau = new double[n];
        java.util.Arrays.fill(tau, 0.02);
        return node(name, "LIF", "tau", tau, "r", ones, "v_leak", new double[n], "v_threshold", ones);
    }

    private Network roundTrip(NirGraph g, NirOptions options) {
        Path file = dir.resolve("g.nir");
        NirFileWriter.write(g, file);
        return NirImporter.importFile(file, options).network();
    }

    @Test
    void shouldFlattenANestedSubgraphThroughItsPorts() {
        NirGraph inner = graph(List.of(node("input", "Input", "shape", new double[] {2}),
                node("fc", "Linear", "weight", new double[][] {{1, 2}, {3, 4}, {5, 6}}), lif("lif", 3),
                node("output", "Output", "shape", new double[] {3})),
                "input", "fc", "fc", "lif", "lif", "output");
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        nodes.put("input", node("input", "Input", "shape", new double[] {2}));
        nodes.put("sub", new NirNode("sub", "NIRGraph", Map.of(), inner));
        nodes.put("output", node("output", "Output", "shape", new double[] {3}));
        NirGraph outer = new NirGraph("0.2.0", nodes, List.of(new NirEdge("input", "sub"), new NirEdge("sub", "output")));
        Network net = roundTrip(outer, MS);
        assertEquals(List.of("sub.lif"), net.outputs());
        Connection c = net.connections().get(0);
        assertEquals("input", c.pre());
        double gain = 1 - Math.exp(-0.001 / 0.02);
        // NIR weights are [out, in]; connections are [pre, post].
        assertEquals(3 * gain, c.weights()[0][1], 1e-12);
        assertEquals(2 * gain, c.weights()[1][0], 1e-12);
    }

    @Test
    void shouldFoldAffineScaleAndFlattenIntoOneConnectionWithBias() {
        NirGraph g = graph(List.of(node("in", "Input", "shape", new double[] {1, 2}), node("flat", "Flatten"),
                node("aff", "Affine", "weight", new double[][] {{1, -1}}, "bias", new double[] {0.5}),
                node("sc", "Scale", "scale", new double[] {2}),
                node("if", "IF", "r", new double[] {1}, "v_threshold", new double[] {4}),
                node("out", "Output", "shape", new double[] {1})),
                "in", "flat", "flat", "aff", "aff", "sc", "sc", "if", "if", "out");
        Network net = roundTrip(g, MS);
        Connection c = net.connections().get(0);
        // IF: v += r x per step, in thresholds of 4.
        assertEquals(2 * 1 / 4.0, c.weights()[0][0], 1e-12);
        assertEquals(2 * -1 / 4.0, c.weights()[1][0], 1e-12);
        Ensemble e = net.ensembles().get(0);
        assertEquals(2 * 0.5 / 4.0, e.bias()[0], 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, e.tauRc());
        Compiler.compile(net);
    }

    @Test
    void shouldMapARecurrentCubaLifWithItsSynapseAndReset() {
        double[] one = {1};
        NirGraph g = graph(List.of(node("in", "Input", "shape", one),
                node("w", "Linear", "weight", new double[][] {{0.5}}),
                node("cuba", "CubaLIF", "tau_syn", new double[] {0.005}, "tau_mem", new double[] {0.01}, "r",
                        new double[] {2}, "v_leak", new double[] {0.1}, "v_reset", new double[] {-0.2},
                        "v_threshold", new double[] {0.8}, "w_in", new double[] {3}),
                node("rec", "Linear", "weight", new double[][] {{-0.25}}),
                node("out", "Output", "shape", one)),
                "in", "w", "w", "cuba", "cuba", "rec", "rec", "cuba", "cuba", "out");
        NirImport imported = NirImporter.importFile(write(g), MS);
        Network net = imported.network();
        double keepV = Math.exp(-0.1);
        double above = 0.8 - -0.2;
        Connection in = net.connections().stream().filter(c -> c.pre().equals("in")).findFirst().orElseThrow();
        Connection rec = net.connections().stream().filter(c -> c.pre().equals("cuba")).findFirst().orElseThrow();
        assertEquals(0.5 * 3 * 2 * (1 - keepV) / above, in.weights()[0][0], 1e-12);
        assertEquals(-0.25 * 3 * 2 * (1 - keepV) / above, rec.weights()[0][0], 1e-12);
        assertEquals(in.synapseTau(), rec.synapseTau());
        assertEquals(-0.001 / Math.log(Math.exp(-0.2)), in.synapseTau(), 1e-12);
        Ensemble e = net.ensembles().get(0);
        assertEquals(NeuronType.CUBA_LIF, e.type());
        assertEquals((1 - keepV) * (0.1 - -0.2) / above, e.bias()[0], 1e-12);
        assertTrue(imported.warnings().stream().anyMatch(w -> w.startsWith(CompilerErrors.NIR_RESET_START)));
        Compiler.compile(net);
    }

    @Test
    void shouldTakeEulerStepsWhenAsked() {
        NirGraph g = graph(List.of(node("in", "Input", "shape", new double[] {1}), lif("lif", 1),
                node("out", "Output", "shape", new double[] {1})), "in", "lif", "lif", "out");
        NirImport imported = NirImporter.importFile(write(g), new NirOptions(0.002, NirOptions.Integration.EULER));
        assertEquals(1 - 0.002 / 0.02, imported.nodes().get(0).keepV(), 1e-12);
        LoihiException e = assertThrows(LoihiException.class,
                () -> NirImporter.importFile(write(g), new NirOptions(0.05, NirOptions.Integration.EULER)));
        assertEquals(CompilerErrors.NIR_BAD_VALUE, e.code());
    }

    @Test
    void shouldReadANonSpikingLeakyIntegratorOutAsAReadout() {
        NirGraph g = graph(List.of(node("in", "Input", "shape", new double[] {2}), lif("lif", 2),
                node("fc", "Linear", "weight", new double[][] {{1, 1}}),
                node("li", "LI", "tau", new double[] {0.01}, "r", new double[] {3}, "v_leak", new double[] {0.5}),
                node("out", "Output", "shape", new double[] {1})),
                "in", "lif", "lif", "fc", "fc", "li", "li", "out");
        NirImport imported = NirImporter.importFile(write(g), MS);
        Ensemble li = imported.network().ensembles().stream().filter(e -> e.name().equals("li")).findFirst()
                .orElseThrow();
        assertEquals(NeuronType.READOUT, li.type());
        assertArrayEquals(new double[] {0.5}, li.bias());
        assertEquals(List.of("li"), imported.network().outputs());
        assertTrue(imported.warnings().stream().anyMatch(w -> w.startsWith(CompilerErrors.NIR_READOUT_STEADY)));
        Compiler.compile(imported.network());
    }

    @Test
    void shouldRefuseANonSpikingNodeThatFeedsANeuron() {
        NirGraph g = graph(List.of(node("in", "Input", "shape", new double[] {1}),
                node("li", "LI", "tau", new double[] {0.01}, "r", new double[] {1}, "v_leak", new double[] {0}),
                lif("lif", 1), node("out", "Output", "shape", new double[] {1})),
                "in", "li", "li", "lif", "lif", "out");
        assertCode(CompilerErrors.NIR_UNSUPPORTED_NODE, g, "li");
    }

    @Test
    void shouldRefuseDelayAndUnknownNodesByName() {
        NirGraph delay = graph(List.of(node("in", "Input", "shape", new double[] {1}),
                node("d", "Delay", "delay", new double[] {0.003}), lif("lif", 1),
                node("out", "Output", "shape", new double[] {1})), "in", "d", "d", "lif", "lif", "out");
        assertCode(CompilerErrors.NIR_UNSUPPORTED_NODE, delay, "node=d");
        NirGraph unknown = graph(List.of(node("in", "Input", "shape", new double[] {1}),
                node("x", "Izhikevich"), node("out", "Output", "shape", new double[] {1})), "in", "x", "x", "out");
        assertCode(CompilerErrors.NIR_UNSUPPORTED_NODE, unknown, "type=Izhikevich");
    }

    @Test
    void shouldRefuseNonFiniteParametersAndUnknownEdgeEnds() {
        NirGraph nan = graph(List.of(node("in", "Input", "shape", new double[] {1}),
                node("lif", "LIF", "tau", new double[] {Double.NaN}, "r", new double[] {1}, "v_leak", new double[] {0},
                        "v_threshold", new double[] {1}),
                node("out", "Output", "shape", new double[] {1})), "in", "lif", "lif", "out");
        assertCode(CompilerErrors.NIR_BAD_VALUE, nan, "key=tau");
        NirGraph dangling = graph(List.of(node("in", "Input", "shape", new double[] {1}), lif("lif", 1),
                node("out", "Output", "shape", new double[] {1})), "in", "lif", "lif", "nowhere");
        assertCode(CompilerErrors.NIR_BAD_GRAPH, dangling, "node=nowhere");
        NirGraph shapes = graph(List.of(node("in", "Input", "shape", new double[] {3}), lif("lif", 2),
                node("out", "Output", "shape", new double[] {2})), "in", "lif", "lif", "out");
        assertCode(CompilerErrors.NIR_BAD_GRAPH, shapes, "node=lif");
    }

    @Test
    void shouldReportTruncatedAndNonNirFilesAsOneLineErrors() throws IOException {
        NirGraph g = graph(List.of(node("in", "Input", "shape", new double[] {1}), lif("lif", 1),
                node("out", "Output", "shape", new double[] {1})), "in", "lif", "lif", "out");
        Path whole = write(g);
        byte[] bytes = Files.readAllBytes(whole);
        // (jhdf pads the end of a file, so cuts are made well before it.)
        for (int cut : new int[] {0, 8, bytes.length / 3, bytes.length / 2}) {
            Path truncated = dir.resolve("cut" + cut + ".nir");
            Files.write(truncated, java.util.Arrays.copyOf(bytes, cut));
            LoihiException e = assertThrows(LoihiException.class, () -> NirImporter.importFile(truncated, MS),
                    "cut at " + cut);
            assertTrue(e.code().equals(CompilerErrors.NIR_BAD_FILE) || e.code().equals(CompilerErrors.NIR_BAD_FORMAT), e.code());
            assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
        }
        Path text = dir.resolve("text.nir");
        Files.writeString(text, "not hdf5");
        assertEquals(CompilerErrors.NIR_BAD_FILE, assertThrows(LoihiException.class, () -> NirImporter.importFile(text, MS)).code());
        assertEquals(CompilerErrors.NIR_BAD_FILE, assertThrows(LoihiException.class,
                () -> NirImporter.importFile(dir.resolve("absent.nir"), MS)).code());
    }

    private Path write(NirGraph g) {
        Path file = dir.resolve("g" + System.nanoTime() + ".nir");
        NirFileWriter.write(g, file);
        return file;
    }

    private void assertCode(String code, NirGraph g, String named) {
        Path file = write(g);
        LoihiException e = assertThrows(LoihiException.class, () -> NirImporter.importFile(file, MS));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
