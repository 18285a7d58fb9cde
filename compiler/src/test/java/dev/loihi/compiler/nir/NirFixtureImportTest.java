package dev.loihi.compiler.nir;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The three NIR graphs of the shared fixtures (nir/) through import and compilation. */
class NirFixtureImportTest {
    static Path fixture(String name) {
        Optional<Path> p = Fixtures.find("nir/" + name);
        assumeTrue(p.isPresent(), "fixtures absent");
        return p.get();
    }

    @Test
    void shouldImportNorseLifAsOneNeuronWithTheExactDecay() {
        NirImport imported = NirImporter.importFile(fixture("lif_norse.nir"), new NirOptions(1e-4,
                NirOptions.Integration.EXACT));
        Network net = imported.network();
        assertEquals(1, net.inputs().size());
        assertEquals(1, net.ensembles().size());
        assertEquals(java.util.List.of("1"), net.outputs());
        // dt / tau = 0.04: v keeps exp(-0.04) per step and a unit spike adds (1 - exp(-0.04)) r / v_threshold.
        double keep = Math.exp(-0.04);
        Connection c = net.connections().get(0);
        assertEquals((1 - keep) / 0.1, c.weights()[0][0], 1e-6);
        NirNodeReport report = imported.nodes().get(0);
        assertEquals(keep, report.keepV(), 1e-8); // tau is stored as float32
        assertTrue(report.retentionError() < 1.0 / 4096, "decay rounding: " + report);
        CompileResult result = Compiler.compile(net);
        assertTrue(result.image().cores().size() >= 1);
    }

    @Test
    void shouldCompileBrailleWithItsRecurrentConnection() {
        NirImport imported = NirImporter.importFile(fixture("braille_noDelay_noBias_subtract.nir"),
                new NirOptions(1e-4, NirOptions.Integration.EXACT));
        Network net = imported.network();
        assertEquals(2, net.ensembles().size());
        assertTrue(net.connections().stream().anyMatch(c -> c.pre().equals("lif1.lif") && c.post().equals("lif1.lif")),
                "recurrent connection missing: " + net.connections().stream().map(c -> c.pre() + "->" + c.post()).toList());
        CompileResult result = Compiler.compile(net);
        assertTrue(result.image().cores().size() >= 2);
    }

    /**
     * Sinabs' N-MNIST CNN (Conv2d 2->16 k5 s2 p1, IF, Conv2d 16->16 k3, IF, SumPool2d 2, Conv2d
     * 16->8 k3, IF, SumPool2d 2, Flatten, Affine 128->256, IF, Affine 256->10, IF): each
     * convolution and pooling folds into the dense connection between two IF layers, and the
     * network compiles onto one chip.
     */
    @Test
    void shouldCompileSinabsConvolutionsOntoOneChip() {
        Network net = NirImporter.importFile(fixture("cnn_sinabs.nir"), NirOptions.defaults()).network();
        assertEquals(2312, net.inputs().get(0).n());
        assertEquals(List.of("1=4096", "3=4096", "6=512", "10=256", "12=10"), List.of("1", "3", "6", "10", "12").stream()
                .map(name -> name + "=" + net.ensembles().stream().filter(e -> e.name().equals(name)).findFirst()
                        .orElseThrow().n()).toList());
        // Conv 0: each output reads at most 2 x 5 x 5 inputs; the corner (0, 0) of channel 0 reads 2 x 4 x 4 (padding 1).
        double[][] w = net.connections().stream().filter(c -> c.post().equals("1")).findFirst().orElseThrow()
                .weights();
        assertEquals(2312, w.length);
        int corner = 0;
        for (double[] row : w) {
            corner += row[0] != 0 ? 1 : 0;
        }
        assertTrue(corner <= 32 && corner > 16, "inputs of output (0, 0, 0): " + corner);
        // Pool then conv into node 6: 16 x 16 x 16 neurons of node 3 reach 8 x 8 x 8.
        Connection into6 = net.connections().stream().filter(c -> c.post().equals("6")).findFirst().orElseThrow();
        assertEquals("3", into6.pre());
        assertEquals(4096, into6.weights().length);
        CompileResult result = Compiler.compile(net);
        assertEquals(1, result.image().cores().stream().mapToInt(c -> c.chip()).distinct().count());
    }
}
