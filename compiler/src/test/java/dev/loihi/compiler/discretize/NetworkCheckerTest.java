package dev.loihi.compiler.discretize;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkCheckerTest {
    private static final Ensemble E = new Ensemble("e", 2, NeuronType.SPIKING_RELU, 0, 0, new double[2]);

    private static Network network(List<Input> inputs, List<Ensemble> ensembles, List<Connection> connections,
                                   List<String> outputs) {
        return new Network("n", inputs, ensembles, connections, outputs, null);
    }

    private static void assertCode(String code, Network n) {
        LoihiException e = assertThrows(LoihiException.class, () -> NetworkChecker.check(n));
        assertEquals(code, e.code(), e.getMessage());
    }

    @Test
    void shouldAcceptAWellFormedNetwork() {
        assertDoesNotThrow(() -> NetworkChecker.check(TestNetworks.dense(1, 4, 3, 2)));
    }

    /** A ragged or missing matrix is refused where the connection is made, naming it, as the check names a bad shape. */
    @Test
    void shouldRejectRaggedOrMissingWeightsNamingTheConnection() {
        for (double[][] w : new double[][][] {{{1, 2}, {3}}, {{1, 2}, null}, null}) {
            LoihiException e = assertThrows(LoihiException.class, () -> new Connection("in", "e", w, 0));
            assertEquals(CompilerErrors.NETWORK_SHAPE, e.code(), e.getMessage());
            assertEquals(true, e.getMessage().contains("connection in -> e"), e.getMessage());
        }
    }

    @Test
    void shouldRejectANameUsedTwice() {
        assertCode(CompilerErrors.NETWORK_NAME, network(List.of(new Input("e", 1)), List.of(E), List.of(), List.of("e")));
    }

    @Test
    void shouldRejectAnEmptyName() {
        assertCode(CompilerErrors.NETWORK_NAME, network(List.of(new Input("", 1)), List.of(E), List.of(), List.of()));
    }

    @Test
    void shouldRejectAConnectionFromAnUnknownSource() {
        assertCode(CompilerErrors.NETWORK_UNKNOWN_NAME, network(List.of(), List.of(E),
                List.of(new Connection("x", "e", new double[1][2], 0)), List.of()));
    }

    @Test
    void shouldRejectAConnectionIntoAnInput() {
        assertCode(CompilerErrors.NETWORK_UNKNOWN_NAME, network(List.of(new Input("in", 2)), List.of(E),
                List.of(new Connection("e", "in", new double[2][2], 0)), List.of()));
    }

    @Test
    void shouldRejectAnUnknownOutput() {
        assertCode(CompilerErrors.NETWORK_UNKNOWN_NAME, network(List.of(), List.of(E), List.of(), List.of("nope")));
    }

    @Test
    void shouldRejectAnInputAsOutput() {
        assertCode(CompilerErrors.NETWORK_STRUCTURE, network(List.of(new Input("in", 1)), List.of(E), List.of(),
                List.of("in")));
    }

    @Test
    void shouldRejectANetworkWithoutEnsembles() {
        assertCode(CompilerErrors.NETWORK_STRUCTURE, network(List.of(new Input("in", 1)), List.of(), List.of(), List.of()));
    }

    @Test
    void shouldRejectWeightsWithTheWrongRowCount() {
        assertCode(CompilerErrors.NETWORK_SHAPE, network(List.of(new Input("in", 3)), List.of(E),
                List.of(new Connection("in", "e", new double[2][2], 0)), List.of()));
    }

    @Test
    void shouldRejectWeightsWithTheWrongColumnCount() {
        assertCode(CompilerErrors.NETWORK_SHAPE, network(List.of(new Input("in", 2)), List.of(E),
                List.of(new Connection("in", "e", new double[2][3], 0)), List.of()));
    }

    @Test
    void shouldRejectAnEmptyInput() {
        assertCode(CompilerErrors.NETWORK_SHAPE, network(List.of(new Input("in", 0)), List.of(E), List.of(), List.of()));
    }

    @Test
    void shouldRejectInputIntoAnAlwaysOnEnsemble() {
        Ensemble on = new Ensemble("on", 2, NeuronType.ALWAYS_ON, 0, 0, new double[2]);
        assertCode(CompilerErrors.NETWORK_STRUCTURE, network(List.of(new Input("in", 2)), List.of(on),
                List.of(new Connection("in", "on", new double[2][2], 0)), List.of()));
    }

    @Test
    void shouldRejectABiasOnAnAlwaysOnEnsemble() {
        Ensemble on = new Ensemble("on", 2, NeuronType.ALWAYS_ON, 0, 0, new double[] {0, 0.5});
        assertCode(CompilerErrors.NETWORK_STRUCTURE, network(List.of(), List.of(on), List.of(), List.of()));
    }

    @Test
    void shouldRejectStartValuesOnAnotherType() {
        Ensemble e = new Ensemble("e", 2, NeuronType.SPIKING_RELU, 0, 0, new double[2], new double[] {0.5, 0.5});
        assertCode(CompilerErrors.NETWORK_STRUCTURE, network(List.of(), List.of(e), List.of(), List.of()));
    }

    @Test
    void shouldRejectStartValuesOfTheWrongLength() {
        Ensemble e = new Ensemble("e", 2, NeuronType.SUBTRACTIVE_RELU, 0, 0, new double[2], new double[] {0.5});
        assertCode(CompilerErrors.NETWORK_SHAPE, network(List.of(), List.of(e), List.of(), List.of()));
    }
}
