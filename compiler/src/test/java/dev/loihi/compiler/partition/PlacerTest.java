package dev.loihi.compiler.partition;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacerTest {
    /** Blocks fed by one host axon, each {@code cores[b]} full cores wide. */
    private static DiscreteNetwork blocksOfCores(int... cores) {
        List<Ensemble> ensembles = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        for (int b = 0; b < cores.length; b++) {
            int n = cores[b] * 1024;
            ensembles.add(new Ensemble("b" + b, n, NeuronType.SPIKING_RELU, 0, 0, new double[n]));
            connections.add(new Connection("in", "b" + b, TestNetworks.matrix(1, n, (i, j) -> 10), 0));
        }
        return PartitionerTest.discretize(new Network("blocks", List.of(new Input("in", 1)), ensembles, connections,
                List.of(), null));
    }

    private static Placement place(DiscreteNetwork d, int chips) {
        return new Placer(chips).place(d, new Partitioner().partition(d));
    }

    @Test
    void shouldRejectAModelThatNeedsMoreCoresThanTheConfiguredChips() {
        Ensemble big = new Ensemble("big", 128 * 1024 + 1, NeuronType.SPIKING_RELU, 0, 0, new double[128 * 1024 + 1]);
        Network n = new Network("big", List.of(new Input("in", 1)), List.of(big),
                List.of(new Connection("in", "big", TestNetworks.matrix(1, big.n(), (i, j) -> 10), 0)), List.of(),
                null);
        DiscreteNetwork d = PartitionerTest.discretize(n);
        LoihiException e = assertThrows(LoihiException.class, () -> place(d, 1));
        assertEquals(CompilerErrors.PLACE_TOO_BIG, e.code());
        assertEquals("model does not fit: cores=129 needed, limit=128 x n_chips=1 = 128", e.getMessage());
        Placement two = place(d, 2);
        assertEquals(2, two.chipsUsed());
        assertEquals(1, two.chip()[128]);
        assertEquals(0, two.coreOnChip()[128]);
    }

    @Test
    void shouldStartALayerOnAFreshChipRatherThanSplitIt() {
        Placement p = place(blocksOfCores(100, 40), 2);
        for (int id = 100; id < 140; id++) {
            assertEquals(1, p.chip()[id]);
        }
        assertEquals(0, p.coreOnChip()[100]);
    }

    @Test
    void shouldSplitALayerOverChipsWhenTheRemainingChipsCouldNotHoldTheRest() {
        Placement p = place(blocksOfCores(100, 40, 100), 2);
        assertEquals(0, p.chip()[127]);
        assertEquals(1, p.chip()[128]);
        assertEquals(2, p.chipsUsed());
    }

    @Test
    void shouldPlaceLayersInDataFlowOrder() {
        Ensemble a = new Ensemble("a", 4, NeuronType.SPIKING_RELU, 0, 0, new double[4]);
        Ensemble b = new Ensemble("b", 4, NeuronType.SPIKING_RELU, 0, 0, new double[4]);
        Network n = new Network("order", List.of(new Input("in", 2)), List.of(b, a), List.of(
                new Connection("a", "b", TestNetworks.matrix(4, 4, (i, j) -> 10), 0),
                new Connection("in", "a", TestNetworks.matrix(2, 4, (i, j) -> 10), 0)), List.of("b"), null);
        DiscreteNetwork d = PartitionerTest.discretize(n);
        assertEquals(List.of(1, 0), Placer.layerOrder(d));
        Placement p = place(d, 1);
        assertEquals(1, p.imageIndex()[0], "b comes after a");
        assertEquals(0, p.imageIndex()[1]);
    }
}
