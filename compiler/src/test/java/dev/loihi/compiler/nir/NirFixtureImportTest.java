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

    @Test
    void shouldRefuseSinabsConvolutionNamingTheNode() {
        LoihiException e = assertThrows(LoihiException.class,
                () -> NirImporter.importFile(fixture("cnn_sinabs.nir"), NirOptions.defaults()));
        assertEquals(CompilerErrors.NIR_UNSUPPORTED_NODE, e.code());
        assertTrue(e.getMessage().contains("node=0") && e.getMessage().contains("Conv2d"), e.getMessage());
    }
}
