package dev.loihi.fuzz;

import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.KerasWriter;
import dev.loihi.compiler.nativefmt.NativeNetworkParser;
import dev.loihi.compiler.nir.NirArray;
import dev.loihi.compiler.nir.NirEdge;
import dev.loihi.compiler.nir.NirGraph;
import dev.loihi.compiler.nir.NirNode;
import dev.loihi.emulator.RawExporter;
import dev.loihi.emulator.RawNetwork;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Small valid inputs made by the project's own writers: the starting points of the seed
 * corpora and the fixed companions some fuzz targets need (a weights file for a fuzzed
 * architecture JSON, an image loaded before fuzzed run frames).
 */
final class Specimens {
    /** Two sensors into three neurons, read out; weights and bias come from .npy files next to it. */
    static final String NATIVE_NETWORK = """
            # two sensors into three relu neurons, read out one to one
            input stim 2
            ensemble hidden 3 type=relu bias=bias.npy
            ensemble out 3 type=readout
            connect stim hidden weights=w.npy synapse=0.005
            connect hidden out weights=identity
            output out
            """;

    private Specimens() {}

    static AnnModel model() {
        DenseLayer hidden = new DenseLayer("hidden", new double[][] {{0.5, -0.25, 0.125}, {0.75, 0.5, -0.5}},
                new double[] {0.1, 0.0, -0.1}, Activation.RELU);
        DenseLayer out = new DenseLayer("out", new double[][] {{1.0, -1.0}, {0.5, 0.5}, {-0.25, 0.75}},
                new double[] {0.0, 0.05}, Activation.SOFTMAX);
        return new AnnModel("tiny", 2, List.of(hidden, out));
    }

    /** Writes the .npy files {@link #NATIVE_NETWORK} names into {@code dir}. */
    static void nativeCompanions(Path dir) {
        NpyWriter.write(dir.resolve("w.npy"), new double[][] {{0.5, 0.25, -0.5}, {1.0, -0.75, 0.125}});
        NpyWriter.write(dir.resolve("bias.npy"), new double[] {0.0, 0.1, -0.1});
    }

    static Image image(Path dir) {
        nativeCompanions(dir);
        return Compiler.compile(NativeNetworkParser.parse(NATIVE_NETWORK, dir, "tiny.net", "tiny")).image();
    }

    static byte[] imageBytes(Path dir) {
        return ImageWriter.write(image(dir));
    }

    static RawNetwork raw(Path dir) {
        return RawExporter.export(image(dir), Map.of("stim", new int[][] {{1, 3, 5}, {2, 4}}), 8);
    }

    static void fullModelH5(Path file) {
        KerasWriter.saveH5(model(), file);
    }

    /** Input -> Linear -> CubaLIF with a recurrent Linear -> Output: every kind of edge the importer folds. */
    static NirGraph nirGraph() {
        Map<String, NirNode> nodes = new java.util.LinkedHashMap<>();
        nodes.put("input", new NirNode("input", "Input", Map.of("shape", NirArray.of(2)), null));
        nodes.put("fc", new NirNode("fc", "Linear", Map.of("weight", NirArray.matrix(new double[][] {{0.5, -0.25},
            {1.0, 0.75}})), null));
        nodes.put("lif", new NirNode("lif", "CubaLIF", Map.of("tau_syn", NirArray.of(0.005, 0.005), "tau_mem",
                NirArray.of(0.02, 0.02), "r", NirArray.of(1, 1), "v_leak", NirArray.of(0, 0), "v_threshold",
                NirArray.of(1, 1), "w_in", NirArray.of(1, 1)), null));
        nodes.put("rec", new NirNode("rec", "Linear", Map.of("weight", NirArray.matrix(new double[][] {{0, -0.5},
            {-0.5, 0}})), null));
        nodes.put("output", new NirNode("output", "Output", Map.of("shape", NirArray.of(2)), null));
        return new NirGraph("0.2.0", nodes, List.of(new NirEdge("input", "fc"), new NirEdge("fc", "lif"),
                new NirEdge("lif", "rec"), new NirEdge("rec", "lif"), new NirEdge("lif", "output")));
    }
}
