package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.report.LayerRow;
import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.Trace;
import dev.loihi.emulator.TraceComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Depthwise, separable and zero-padded convolutions from a Keras file to the chip: their
 * sparse kernels compile to shared weight lists (population axons) that run, step for step on
 * the emulator, as the same network compiled with every connection expanded to discrete axons,
 * in less synapse memory.
 */
class DepthwiseChipTest {
    private static final int STEPS = 40;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldRunOnSharedWeightsAsOnTheirDenseExpansion(long seed) {
        KerasTestModel keras = new KerasTestModel(seed, 9, 8, 2)
                .zeroPadding("pad", new int[][] {{1, 0}, {0, 2}}, "pairs")
                .conv("conv", 3, new int[] {3, 3}, new int[] {1, 1}, "valid", "relu")
                .depthwise("dw", 2, 0, new int[] {3, 3}, new int[] {1, 1}, "same", "relu", true)
                .depthwise("sep", 1, 5, new int[] {2, 2}, new int[] {(int) seed % 2 + 1, 1}, "valid", "relu", true)
                .globalPool("GlobalAveragePooling2D", "gap", false)
                .dense("out", 3, "softmax");
        Path file = dir.resolve("m.h5");
        keras.writeFullModel(file);
        AnnModel model = KerasImporter.load(file, null);
        Network shared = AnnToSnn.convert(model, ConvertOptions.defaults().withCalibration(keras.randomInputs(60)));
        List<Connection> expanded = new ArrayList<>();
        for (Connection c : shared.connections()) {
            expanded.add(new Connection(c.pre(), c.post(), c.synapses(), c.synapseTau(), c.quantized(), 0));
        }
        Network dense = new Network(shared.name(), shared.inputs(), shared.ensembles(), expanded, shared.outputs(),
                shared.encoding(), shared.given(), shared.rateSquares(), shared.meanRates());

        CompileResult pop = Compiler.compile(shared);
        CompileResult discrete = Compiler.compile(dense);
        for (String layer : List.of("dw", "sep")) {
            LayerRow row = pop.report().layers().stream().filter(l -> l.name().equals(layer)).findFirst().orElseThrow();
            assertTrue(row.synapseBits() < row.denseSynapseBits(), "shared lists: " + row);
        }
        assertTrue(pop.image().cores().stream().anyMatch(c -> !c.weightLists().isEmpty()), "no weight lists");

        Random random = new Random(seed);
        int[][] spikes = new int[shared.inputs().get(0).n()][];
        for (int a = 0; a < spikes.length; a++) {
            spikes[a] = random.ints(random.nextInt(STEPS / 2), 1, STEPS + 1).distinct().sorted().toArray();
        }
        Map<String, int[][]> in = Map.of(AnnToSnn.INPUT, spikes);
        Trace expected = Emulator.runImage(discrete.image(), in, STEPS).byLayer();
        Trace actual = Emulator.runImage(pop.image(), in, STEPS).byLayer();
        assertEquals(Optional.empty(), TraceComparison.firstDifference(expected, actual));
        for (String layer : List.of("dw", "sep")) {
            assertTrue(Stream.of(actual.blocks().get(layer).spikeTimes()).mapToInt(t -> t.length).sum() > 0,
                    layer + " never spiked");
        }
    }
}
