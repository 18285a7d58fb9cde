package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.nir.NirArray;
import dev.loihi.compiler.nir.NirEdge;
import dev.loihi.compiler.nir.NirGraph;
import dev.loihi.compiler.nir.NirImporter;
import dev.loihi.compiler.nir.NirNode;
import dev.loihi.compiler.nir.NirOptions;
import dev.loihi.emulator.BlockTrace;
import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.RawExporter;
import dev.loihi.emulator.RawNetwork;
import dev.loihi.emulator.ReferenceStepper;
import dev.loihi.emulator.Trace;
import dev.loihi.emulator.TraceComparison;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.ImageStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NIR convolutions on population axons: a seeded conv graph (Input 2x8x8, Conv2d 2->4 k3 p1, IF,
 * Conv2d 4->3 k3 p1, IF, SumPool2d 2, Conv2d 3->2 k3 p1, IF, Flatten, Linear 32->5, IF) compiled
 * with shared weights spikes step for step like the same network compiled dense (every
 * connection discrete), layer by layer, and the shared image runs bit-exact on the emulator
 * against the reference stepper.
 */
class NirConvSharedTest {
    private static final int STEPS = 40;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldSpikeLikeTheDenseFormAndTheReferenceStepper(long seed) {
        Random rnd = new Random(seed);
        NirOptions options = new NirOptions(1e-3, NirOptions.Integration.EXACT);
        Network shared = NirImporter.importGraph(graph(rnd), "conv" + seed, options).network();
        assertEquals(List.of(0, 4, 3, 0), shared.connections().stream().map(Connection::sharedAtoms).toList(),
                "atoms per connection: " + shared.connections().stream().map(c -> c.pre() + "->" + c.post() + ":"
                        + c.sharedAtoms()).toList());
        Network dense = new Network(shared.name(), shared.inputs(), shared.ensembles(), shared.connections().stream()
                .map(c -> new Connection(c.pre(), c.post(), c.weights(), c.synapseTau(), c.quantized(), 0)).toList(),
                shared.outputs(), shared.encoding());
        CompileOptions at = CompileOptions.builder().dtSeconds(1e-3).build();
        Image sharedImage = Compiler.compile(shared, at).image();
        Image denseImage = Compiler.compile(dense, at).image();
        assertTrue(sharedImage.cores().stream().anyMatch(c -> !c.weightLists().isEmpty()), "no population axons");
        assertTrue(synapseBits(sharedImage) < synapseBits(denseImage),
                "shared " + synapseBits(sharedImage) + " vs dense " + synapseBits(denseImage));
        for (int k = 0; k < 3; k++) {
            Map<String, int[][]> spikes = Map.of("in", RandomSpikeTimes.of(rnd, 128, STEPS, 0.05 + 0.2 * rnd.nextDouble()));
            RawNetwork raw = RawExporter.export(sharedImage, spikes, STEPS);
            Trace reference = ReferenceStepper.run(raw);
            assertEquals(Optional.empty(), TraceComparison.firstDifference(reference, Emulator.runRaw(raw)));
            Map<String, int[][]> a = byLayer(Emulator.runImage(sharedImage, spikes, STEPS), sharedImage);
            Map<String, int[][]> b = byLayer(Emulator.runImage(denseImage, spikes, STEPS), denseImage);
            assertEquals(a.keySet(), b.keySet());
            long total = 0;
            for (String layer : a.keySet()) {
                assertArrayEquals(b.get(layer), a.get(layer), "spike times of layer " + layer);
                total += Arrays.stream(a.get(layer)).mapToLong(t -> t.length).sum();
            }
            assertTrue(total > 0, "nothing spiked; the comparison would prove little");
        }
    }

    private static long synapseBits(Image image) {
        long bits = 0;
        for (int i = 0; i < image.cores().size(); i++) {
            bits += ImageStats.of(i, image.cores().get(i), image.cores()).synapseBits();
        }
        return bits;
    }

    /** Per layer, each neuron's spike times: the layer's cores in image order, their compartments concatenated. */
    private static Map<String, int[][]> byLayer(Trace trace, Image image) {
        Map<String, List<int[]>> layers = new TreeMap<>();
        for (int c = 0; c < image.cores().size(); c++) {
            CoreImage core = image.cores().get(c);
            BlockTrace block = trace.block(RawExporter.blockName(c, core.layer()));
            layers.computeIfAbsent(core.layer(), k -> new ArrayList<>()).addAll(Arrays.asList(block.spikeTimes()));
        }
        Map<String, int[][]> out = new LinkedHashMap<>();
        layers.forEach((k, v) -> out.put(k, v.toArray(int[][]::new)));
        return out;
    }

    private static NirGraph graph(Random rnd) {
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        add(nodes, "in", "Input", "shape", NirArray.of(2, 8, 8));
        conv(nodes, rnd, "conv1", 4, 2);
        integrateAndFire(nodes, rnd, "a", 4, 8, 8);
        conv(nodes, rnd, "conv2", 3, 4);
        integrateAndFire(nodes, rnd, "b", 3, 8, 8);
        add(nodes, "pool", "SumPool2d", "kernel_size", NirArray.of(2, 2), "stride", NirArray.of(2, 2), "padding",
                NirArray.of(0, 0));
        conv(nodes, rnd, "conv3", 2, 3);
        integrateAndFire(nodes, rnd, "c", 2, 4, 4);
        add(nodes, "flat", "Flatten");
        double[][] w = new double[5][32];
        for (double[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] = rnd.nextGaussian() * 0.5;
            }
        }
        add(nodes, "fc", "Linear", "weight", NirArray.matrix(w));
        integrateAndFire(nodes, rnd, "d", 5);
        add(nodes, "out", "Output", "shape", NirArray.of(5));
        String[] chain = {"in", "conv1", "a", "conv2", "b", "pool", "conv3", "c", "flat", "fc", "d", "out"};
        List<NirEdge> edges = new ArrayList<>();
        for (int i = 1; i < chain.length; i++) {
            edges.add(new NirEdge(chain[i - 1], chain[i]));
        }
        return new NirGraph("0.2.0", nodes, edges);
    }

    private static void conv(Map<String, NirNode> nodes, Random rnd, String name, int out, int in) {
        double[] w = new double[out * in * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian() * 0.4;
        }
        add(nodes, name, "Conv2d", "weight", new NirArray(new int[] {out, in, 3, 3}, w), "stride", NirArray.of(1, 1),
                "padding", NirArray.of(1, 1), "dilation", NirArray.of(1, 1), "groups", NirArray.of(1), "bias",
                NirArray.of(new double[out]));
    }

    private static void integrateAndFire(Map<String, NirNode> nodes, Random rnd, String name, int... shape) {
        int n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        double[] threshold = new double[n];
        Arrays.fill(threshold, 0.8 + 0.4 * rnd.nextDouble());
        add(nodes, name, "IF", "r", new NirArray(shape, ones), "v_threshold", new NirArray(shape, threshold));
    }

    private static void add(Map<String, NirNode> nodes, String name, String type, Object... keyValues) {
        Map<String, NirArray> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put((String) keyValues[i], (NirArray) keyValues[i + 1]);
        }
        nodes.put(name, new NirNode(name, type, params, null));
    }
}
