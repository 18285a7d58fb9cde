package dev.loihi.compiler.partition;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.discretize.Discretizer;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.ChipLimits;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionerTest {
    static DiscreteNetwork discretize(Network network) {
        return new Discretizer(new Diagnostics()).discretize(network);
    }

    private static void assertWithinLimits(BlockSplit split) {
        for (int r = 0; r < split.cores(); r++) {
            assertTrue(split.end(r) - split.start(r) <= ChipLimits.COMPARTMENTS_PER_CORE);
            assertTrue(split.inputAxons()[r] <= ChipLimits.INPUT_AXONS_PER_CORE);
            assertTrue(split.synapseBits()[r] <= ChipLimits.SYNAPSE_BITS_PER_CORE);
            assertTrue(split.outputSlots()[r] <= ChipLimits.OUTPUT_AXON_SLOTS_PER_CORE);
        }
    }

    private static List<DiscreteConnection> incoming(DiscreteNetwork d, int block) {
        return d.connections().stream().filter(c -> c.postBlock() == block).toList();
    }

    @Test
    void shouldSplitALayerOverTheCompartmentLimitIntoBalancedRanges() {
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.SPIKING_RELU,
                TestNetworks.matrix(4, 2500, (i, j) -> 10), TestNetworks.zeros(2500), 0));
        BlockSplit split = new Partitioner().partition(d).blocks().get(0);
        assertEquals(3, split.cores());
        assertEquals(List.of(833, 833, 834), List.of(split.end(0) - split.start(0), split.end(1) - split.start(1),
                split.end(2) - split.start(2)));
        assertWithinLimits(split);
    }

    @Test
    void shouldSplitALayerWhoseSynapsesOverflowOneCoreIntoTheFewestCores() {
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.SPIKING_RELU,
                TestNetworks.gaussian(new Random(3), 600, 1000), TestNetworks.zeros(1000), 0));
        BlockSplit split = new Partitioner().partition(d).blocks().get(0);
        assertTrue(split.cores() > 1, "1000 compartments fit one core; 600 x 1000 synapses do not");
        assertWithinLimits(split);
        long total = 0;
        for (long bits : split.synapseBits()) {
            total += bits;
        }
        assertTrue(total > ChipLimits.SYNAPSE_BITS_PER_CORE);
        assertTrue(SplitLoad.evaluate(incoming(d, 0), 1000, split.cores() - 1).worst() > 1,
                "one core fewer should not fit");
    }

    @Test
    void shouldSplitALayerWhoseInputAxonsOverflowOneCore() {
        // Post neuron j listens to the 625 inputs i with i % 8 == j: 5000 axons on one core.
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.SPIKING_RELU,
                TestNetworks.matrix(5000, 8, (i, j) -> i % 8 == j ? 10 : 0), TestNetworks.zeros(8), 0));
        BlockSplit split = new Partitioner().partition(d).blocks().get(0);
        assertEquals(2, split.cores());
        assertEquals(2500, split.inputAxons()[0]);
        assertWithinLimits(split);
    }

    @Test
    void shouldSplitASourceWhoseRoutesOverflowItsOutputSlots() {
        // Each of the 1024 source neurons reaches all 5 cores of the 4100-neuron target:
        // 5120 routes on one core, over the 4096 slots.
        Ensemble source = new Ensemble("source", 1024, NeuronType.SPIKING_RELU, 0, 0, TestNetworks.zeros(1024));
        Ensemble target = new Ensemble("target", 4100, NeuronType.SPIKING_RELU, 0, 0, TestNetworks.zeros(4100));
        Network n = new Network("fanout", List.of(new Input("in", 1)), List.of(source, target), List.of(
                new Connection("in", "source", TestNetworks.matrix(1, 1024, (i, j) -> 50), 0),
                new Connection("source", "target", TestNetworks.matrix(1024, 4100,
                        (i, j) -> j % 820 == i % 820 ? 20 : 0), 0)), List.of("target"), null);
        Partition p = new Partitioner().partition(discretize(n));
        assertEquals(5, p.blocks().get(1).cores());
        assertEquals(2, p.blocks().get(0).cores());
        assertEquals(2560, p.blocks().get(0).outputSlots()[0]);
        assertWithinLimits(p.blocks().get(0));
    }

    @Test
    void shouldRejectANeuronWhoseFanInExceedsTheInputAxonsOfACore() {
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.SPIKING_RELU,
                TestNetworks.matrix(4097, 1, (i, j) -> 1), TestNetworks.zeros(1), 0));
        LoihiException e = assertThrows(LoihiException.class, () -> new Partitioner().partition(d));
        assertEquals(CompilerErrors.PARTITION_LIMIT, e.code());
        assertTrue(e.getMessage().contains("max=4096") && e.getMessage().contains("actual=4097"), e.getMessage());
    }

    @Test
    void shouldKeepEveryCoreOfADenseNetworkWithinLimits() {
        Partition p = new Partitioner().partition(discretize(TestNetworks.dense(2, 16, 300, 300, 300, 5)));
        for (BlockSplit split : p.blocks()) {
            assertWithinLimits(split);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldCutContiguousRangesThatDifferByAtMostOne(long seed) {
        Random random = new Random(seed);
        for (int t = 0; t < 100; t++) {
            int n = 1 + random.nextInt(100_000);
            int k = 1 + random.nextInt(Math.min(n, 200));
            int[] bounds = SplitLoad.balanced(n, k);
            assertEquals(0, bounds[0]);
            assertEquals(n, bounds[k]);
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (int r = 0; r < k; r++) {
                min = Math.min(min, bounds[r + 1] - bounds[r]);
                max = Math.max(max, bounds[r + 1] - bounds[r]);
            }
            assertTrue(min >= 1 && max - min <= 1);
        }
    }
}
