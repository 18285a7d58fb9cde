package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.nir.NirImport;
import dev.loihi.compiler.nir.NirImporter;
import dev.loihi.compiler.nir.NirOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The voltage --plots draws for the Norse LIF fixture: chip against NIR's exact solution, within the bound. */
class NirVoltageTrackTest {

    private static Path fixture(String name) {
        Optional<Path> p = Fixtures.find("nir/" + name);
        assumeTrue(p.isPresent(), "fixtures absent");
        return p.get();
    }

    @Test
    void shouldTrackTheExactSolutionWithinItsBoundOnTheLifFixture() throws IOException {
        NirImport nir = NirImporter.importFile(fixture("lif_norse.nir"), new NirOptions(1e-4,
                NirOptions.Integration.EXACT));
        List<Integer> sent = new ArrayList<>();
        List<String> rows = Files.readAllLines(fixture("lif_exact.csv")).stream().filter(l -> !l.isBlank()).toList();
        for (int t = 0; t < rows.size(); t++) {
            if (Double.parseDouble(rows.get(t).split(",")[0]) != 0) {
                sent.add(t + 1);
            }
        }
        int[][] times = {sent.stream().mapToInt(Integer::intValue).toArray()};
        NirVoltageTrack track = NirVoltageTrack.of(nir, Compiler.compile(nir.network()), times, rows.size());
        assertEquals("1", track.node());
        // Both reach the threshold at Lava's Loihi steps and reset there (v = 0 after the spike).
        for (int step : new int[] {462, 512, 712, 762}) {
            assertEquals(0.0, track.chip()[step - 1]);
            assertEquals(0.0, track.exact()[step - 1]);
        }
        assertTrue(track.worstError() > 0, "the chip's 12-bit decay must show");
        assertTrue(track.worstError() <= track.bound(), "worst=" + track.worstError() + ", bound=" + track.bound());
        System.out.println("NIR LIF voltage track: worst " + track.worstError() + " of bound " + track.bound()
                + " thresholds");
    }
}
