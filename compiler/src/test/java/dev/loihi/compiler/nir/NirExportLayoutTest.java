package dev.loihi.compiler.nir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported file in NIR's own layout, as nir.read takes it (neuromorphs/NIR serialization.py
 * and each node's from_dict): /version, /node/type NIRGraph, /node/edges [n, 2] strings,
 * /node/nodes/NAME/type, and for each node type exactly the datasets its constructor takes
 * (anything else is rejected there), free-form keys only under metadata.
 */
class NirExportLayoutTest {
    private static final Map<String, Set<String>> KEYS = Map.of(
            "Input", Set.of("shape"), "Output", Set.of("shape"), "Linear", Set.of("weight"),
            "Affine", Set.of("weight", "bias"), "IF", Set.of("r", "v_reset", "v_threshold"),
            "LIF", Set.of("tau", "r", "v_leak", "v_reset", "v_threshold"),
            "CubaLIF", Set.of("tau_syn", "tau_mem", "r", "v_leak", "v_reset", "v_threshold", "w_in"));

    @TempDir
    Path dir;

    @Test
    void shouldWriteWhatNirsReaderTakes() {
        NirOptions options = new NirOptions(1e-4, NirOptions.Integration.EXACT);
        var image = Compiler.compile(NirImporter.importFile(NirFixtureImportTest.fixture(
                "braille_noDelay_noBias_subtract.nir"), options).network(), CompileOptions.builder().dtSeconds(1e-4)
                .build()).image();
        Path file = dir.resolve("g.nir");
        NirFileWriter.write(NirExporter.export(image), file);
        Set<String> types = new TreeSet<>();
        try (HdfFile hdf = new HdfFile(file)) {
            assertEquals(NirFileWriter.VERSION, ((Dataset) hdf.getChild("version")).getData());
            Group node = (Group) hdf.getChild("node");
            assertEquals("NIRGraph", ((Dataset) node.getChild("type")).getData());
            Dataset edges = (Dataset) node.getChild("edges");
            assertEquals(2, edges.getDimensions()[1]);
            for (Node child : ((Group) node.getChild("nodes")).getChildren().values()) {
                Group g = (Group) child;
                String type = (String) ((Dataset) g.getChild("type")).getData();
                types.add(type);
                Set<String> keys = new TreeSet<>(g.getChildren().keySet());
                keys.remove("type");
                keys.remove("metadata");
                assertEquals(new TreeSet<>(KEYS.get(type)), keys, "datasets of " + child.getName());
                if (type.equals("Linear") || type.equals("Affine")) {
                    Dataset w = (Dataset) g.getChild("weight");
                    assertEquals(2, w.getDimensions().length);
                    assertEquals(double.class, w.getJavaType());
                }
            }
        }
        assertTrue(types.containsAll(Set.of("Input", "Output", "CubaLIF", "Linear")), types.toString());
    }
}
