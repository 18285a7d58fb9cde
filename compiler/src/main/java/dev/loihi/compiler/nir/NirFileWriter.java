package dev.loihi.compiler.nir;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link NirGraph} in the layout {@link NirFileReader} reads and NIR's own reader
 * expects: strings as fixed-length string datasets (jhdf's form, which h5py returns as bytes
 * like NIR's variable-length ones), parameters as float64 arrays of their shape, shapes as
 * int64. The file appears whole or not at all (written beside the target, then moved).
 */
public final class NirFileWriter {
    public static final String VERSION = "0.2.0";
    /** Parameters NIR reads as integer arrays. */
    private static final Set<String> INTEGER_KEYS = Set.of("shape", "input", "output", "stride", "padding",
            "dilation", "groups", "kernel_size", "start_dim", "end_dim", "delay_steps");

    private NirFileWriter() {}

    public static void write(NirGraph graph, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, ".nir-", ".tmp");
        } catch (IOException e) {
            throw new LoihiException(CompilerErrors.NIR_WRITE_FAILED, "cannot write NIR file: file=" + file + ", reason="
                    + e.getClass().getSimpleName());
        }
        try {
            try (WritableHdfFile hdf = HdfFile.write(temp)) {
                hdf.putDataset("version", graph.version() == null ? VERSION : graph.version());
                WritableGroup node = hdf.putGroup("node");
                graph(node, graph);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The write already failed; that is what the user must hear about.
            }
            throw new LoihiException(CompilerErrors.NIR_WRITE_FAILED, "cannot write NIR file: file=" + file + ", reason="
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private static void graph(WritableGroup group, NirGraph graph) {
        group.putDataset("type", "NIRGraph");
        metadata(group, graph.metadata());
        String[][] edges = new String[graph.edges().size()][];
        for (int e = 0; e < edges.length; e++) {
            edges[e] = new String[] {graph.edges().get(e).source(), graph.edges().get(e).target()};
        }
        group.putDataset("edges", edges);
        WritableGroup nodes = group.putGroup("nodes");
        for (NirNode node : graph.nodes().values()) {
            WritableGroup g = nodes.putGroup(node.name());
            if (node.subgraph() != null) {
                graph(g, node.subgraph());
                continue;
            }
            g.putDataset("type", node.type());
            Map<String, WritableGroup> subgroups = new HashMap<>();
            for (Map.Entry<String, NirArray> p : node.params().entrySet()) {
                String key = p.getKey();
                int slash = key.indexOf('/');
                WritableGroup at = g;
                if (slash > 0) {
                    at = subgroups.computeIfAbsent(key.substring(0, slash), g::putGroup);
                    key = key.substring(slash + 1);
                }
                at.putDataset(key, data(p.getValue(), INTEGER_KEYS.contains(key)));
            }
            metadata(g, node.metadata());
        }
    }

    /** A metadata group as NIR writes one: absent when empty. */
    private static void metadata(WritableGroup group, NirMetadata metadata) {
        if (metadata.isEmpty()) {
            return;
        }
        WritableGroup meta = group.putGroup("metadata");
        metadata.texts().forEach(meta::putDataset);
        metadata.numbers().forEach((key, value) -> meta.putDataset(key, data(value, false)));
    }

    /** The Java array jhdf writes with the parameter's shape (rank 0 to 2; higher ranks flattened to 1). */
    private static Object data(NirArray a, boolean integer) {
        if (integer) {
            return a.rank() == 0 ? (Object) (long) a.values()[0] : a.longs();
        }
        if (a.rank() == 0) {
            return a.values()[0];
        }
        if (a.rank() == 2) {
            double[][] rows = new double[a.shape()[0]][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = a.row(i);
            }
            return rows;
        }
        return a.values().clone();
    }
}
