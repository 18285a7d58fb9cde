package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.ImageWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reset synapse held as a diagonal ({@link DiscreteConnection#diagonal}) compiles to the
 * image the same synapses held as an n x n matrix give, byte for byte, so the emulator and a
 * board run it alike; and it costs O(n), so a block whose matrix no Java array could hold compiles.
 */
class ResetSynapseTest {

    /** Input, two SUBTRACTIVE_RELU layers of seeded widths (the first cut over 1-2 cores), readout. */
    private static Network network(long seed) {
        Random random = new Random(seed);
        int[] widths = {2 + random.nextInt(40), 500 + random.nextInt(1200), 10 + random.nextInt(600), 2 + random.nextInt(8)};
        List<Ensemble> ensembles = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        String pre = "in";
        for (int l = 1; l < widths.length; l++) {
            boolean readout = l == widths.length - 1;
            String name = readout ? "out" : "h" + l;
            double[] bias = new double[widths[l]];
            for (int j = 0; j < bias.length; j++) {
                bias[j] = 0.05 * random.nextGaussian();
            }
            ensembles.add(new Ensemble(name, widths[l], readout ? NeuronType.READOUT : NeuronType.SUBTRACTIVE_RELU,
                    0, 0, bias));
            connections.add(new Connection(pre, name, TestNetworks.gaussian(random, widths[l - 1], widths[l]), 0));
            pre = name;
        }
        return new Network("reset" + seed, List.of(new Input("in", widths[0])), ensembles, connections, List.of(pre),
                new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, widths[0] / 2, 1.0, "softmax"));
    }

    /** The same network with every diagonal connection written out as the matrix it stands for. */
    private static DiscreteNetwork asMatrices(DiscreteNetwork d) {
        List<DiscreteConnection> connections = new ArrayList<>();
        for (DiscreteConnection c : d.connections()) {
            connections.add(!c.isDiagonal() ? c : new DiscreteConnection(c.pre(), c.post(), c.preInput(), c.preBlock(),
                    c.postBlock(), c.nPre(), c.nPost(), c.signMode(), c.weightExp(), c.denseMants(), c.source()));
        }
        return new DiscreteNetwork(d.name(), d.inputs(), d.blocks(), connections, d.outputs(), d.encoding(),
                d.precision());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldCompileToTheImageOfTheResetMatrix(long seed) {
        Network network = network(seed);
        Diagnostics diagnostics = new Diagnostics();
        DiscreteNetwork d = SharedWeights.apply(network, new Discretizer(diagnostics).discretize(network));
        long diagonals = d.connections().stream().filter(DiscreteConnection::isDiagonal).count();
        assertEquals(2, diagonals, "one reset per SUBTRACTIVE_RELU layer");
        // the same warnings in both images' metadata: each compile gets its own discretizer's
        Diagnostics again = new Diagnostics();
        DiscreteNetwork same = SharedWeights.apply(network, new Discretizer(again).discretize(network));
        CompileResult diagonal = Compiler.compile(d, CompileOptions.defaults(), null, diagnostics);
        CompileResult matrix = Compiler.compile(asMatrices(same), CompileOptions.defaults(), null, again);
        assertArrayEquals(ImageWriter.write(matrix.image()), ImageWriter.write(diagonal.image()));
    }

    @Test
    void shouldHoldOneMantissaForTheWholeBlock() {
        Network network = network(7);
        DiscreteNetwork d = new Discretizer(new Diagnostics()).discretize(network);
        for (DiscreteConnection reset : d.connections().stream().filter(DiscreteConnection::synthesized)
                .filter(c -> c.preBlock() == c.postBlock()).toList()) {
            assertTrue(reset.isDiagonal());
            assertNull(reset.mants());
            long vth = (long) d.blocks().get(reset.preBlock()).vthMant() << dev.loihi.image.ChipLimits.VTH_SHIFT;
            assertEquals(-vth, reset.weight(5, 5));
            assertEquals(0, reset.weight(5, 6));
        }
    }

    @Test
    void shouldCompileABlockWhoseResetMatrixNoJavaArrayCouldHold() {
        int n = 46_341; // n^2 > 2^31 - 1
        Random random = new Random(8);
        double[] bias = new double[n];
        Ensemble wide = new Ensemble("wide", n, NeuronType.SUBTRACTIVE_RELU, 0, 0, bias);
        Ensemble out = new Ensemble("out", 1, NeuronType.READOUT, 0, 0, new double[1]);
        Network network = new Network("wide", List.of(new Input("in", 2)), List.of(wide, out),
                List.of(new Connection("in", "wide", TestNetworks.gaussian(random, 2, n), 0),
                        new Connection("in", "out", TestNetworks.gaussian(random, 2, 1), 0)),
                List.of("out"), new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, 1, 1.0, "softmax"));
        CompileResult r = Compiler.compile(network);
        assertTrue(r.image().cores().size() >= 46, "cores: " + r.image().cores().size());
    }
}
