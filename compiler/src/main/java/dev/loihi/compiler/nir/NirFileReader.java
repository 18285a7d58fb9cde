package dev.loihi.compiler.nir;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads a NIR file (HDF5, as NIR's own {@code nir.write} lays it out, versions 0.1 and later):
 *
 * <pre>
 *   /version                 string, e.g. "0.2.0"
 *   /node/type               "NIRGraph"
 *   /node/edges              string [edges, 2]: (source, target) node names
 *   /node/nodes/NAME/type    string, e.g. "CubaLIF"
 *   /node/nodes/NAME/KEY     numeric parameter (tau_mem, weight, shape, ...)
 *   /node/nodes/NAME/input_type/input, .../output_type/output   shapes (NIR 1.0), read as
 *                            parameters "input_type/input" and "output_type/output"
 *   /node/nodes/NAME/metadata/KEY, /node/metadata/KEY   numbers and strings ({@link NirMetadata})
 * </pre>
 *
 * A node of type NIRGraph holds {@code nodes} and {@code edges} the same way, nested. Strings
 * may be variable- or fixed-length. jhdf reports corrupt or truncated files with unchecked
 * exceptions of many kinds, so every read runs inside {@link #guard} and comes out as
 * NIR_BAD_FILE naming the file.
 */
public final class NirFileReader {
    private final String source;

    private NirFileReader(String source) {
        this.source = source;
    }

    public static NirGraph read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FILE, "no such file: file=" + file);
        }
        NirFileReader reader = new NirFileReader(file.toString());
        // Closing is guarded too: jhdf may first touch a corrupt structure then.
        return reader.guard(() -> {
            try (HdfFile hdf = new HdfFile(file)) {
                return reader.top(hdf);
            }
        });
    }

    /**
     * True when {@code file} is HDF5 with a {@code /node} group and a {@code /version}, NIR's
     * two top-level names; false for any other file, readable or not (the caller's reader then
     * says what is wrong with it).
     */
    public static boolean isNir(Path file) {
        try (HdfFile hdf = new HdfFile(file)) {
            return hdf.getChildren().get("node") instanceof Group && hdf.getChildren().containsKey("version");
        } catch (RuntimeException | OutOfMemoryError e) {
            // A corrupt header may claim more memory than the JVM has; the caller's reader says so.
            return false;
        }
    }

    private NirGraph top(HdfFile hdf) {
        String version = hdf.getChildren().containsKey("version") ? string(hdf.getChild("version"), "/version") : null;
        if (version == null) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "not a NIR file, no /version: file=" + source);
        }
        Node node = hdf.getChildren().get("node");
        if (!(node instanceof Group group)) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "not a NIR file, no /node group: file=" + source
                    + ", version=" + version);
        }
        String type = typeOf(group, "/node");
        if (!type.equals("NIRGraph")) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "top node is not a NIRGraph: file=" + source + ", type="
                    + type);
        }
        return graph(group, "/node", version);
    }

    private NirGraph graph(Group group, String path, String version) {
        Node nodesNode = group.getChildren().get("nodes");
        if (!(nodesNode instanceof Group nodesGroup)) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "NIRGraph without a nodes group: file=" + source
                    + ", path=" + path);
        }
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        for (Node child : nodesGroup.getChildren().values()) {
            String childPath = path + "/nodes/" + child.getName();
            if (!(child instanceof Group childGroup)) {
                throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "node is not a group: file=" + source + ", path="
                        + childPath);
            }
            nodes.put(child.getName(), node(childGroup, childPath));
        }
        return new NirGraph(version, nodes, edges(group, path), metadata(group, path));
    }

    private NirNode node(Group group, String path) {
        String type = typeOf(group, path);
        if (type.equals("NIRGraph")) {
            NirGraph sub = graph(group, path, null);
            return new NirNode(group.getName(), type, Map.of(), sub, sub.metadata());
        }
        Map<String, NirArray> params = new LinkedHashMap<>();
        for (Node child : group.getChildren().values()) {
            String name = child.getName();
            if (name.equals("type") || name.equals("metadata")) {
                continue;
            }
            if (child instanceof Dataset dataset) {
                params.put(name, array(dataset, path + "/" + name));
            } else if (child instanceof Group sub) {
                // NIR 1.0 keeps input_type / output_type as groups of shape datasets.
                for (Node leaf : sub.getChildren().values()) {
                    if (leaf instanceof Dataset dataset) {
                        params.put(name + "/" + leaf.getName(), array(dataset, path + "/" + name + "/" + leaf.getName()));
                    }
                }
            }
        }
        return new NirNode(group.getName(), type, params, null, metadata(group, path));
    }

    /** The group's {@code metadata} datasets: strings as texts, numbers as arrays; nested groups and other kinds are skipped. */
    private NirMetadata metadata(Group group, String path) {
        if (!(group.getChildren().get("metadata") instanceof Group meta)) {
            return NirMetadata.EMPTY;
        }
        Map<String, NirArray> numbers = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (Node child : meta.getChildren().values()) {
            if (!(child instanceof Dataset dataset)) {
                continue;
            }
            String at = path + "/metadata/" + child.getName();
            if (dataset.getJavaType() == String.class) {
                texts.put(child.getName(), string(dataset, at));
            } else if (dataset.getJavaType().isPrimitive() || Number.class.isAssignableFrom(dataset.getJavaType())) {
                numbers.put(child.getName(), array(dataset, at));
            }
        }
        return new NirMetadata(numbers, texts);
    }

    private List<NirEdge> edges(Group group, String path) {
        Node node = group.getChildren().get("edges");
        if (!(node instanceof Dataset dataset)) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "NIRGraph without an edges dataset: file=" + source
                    + ", path=" + path);
        }
        List<NirEdge> edges = new ArrayList<>();
        int[] dims = dataset.getDimensions();
        if (dims.length == 1 && dims[0] == 0) {
            return edges;
        }
        if (dims.length != 2 || dims[1] != 2) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "edges must be a [n, 2] string array: file=" + source
                    + ", path=" + path + "/edges, shape=" + java.util.Arrays.toString(dims));
        }
        Object data = dataset.getData();
        for (int e = 0; e < dims[0]; e++) {
            Object pair = Array.get(data, e);
            edges.add(new NirEdge(text(Array.get(pair, 0), path + "/edges"), text(Array.get(pair, 1), path + "/edges")));
        }
        return edges;
    }

    private String typeOf(Group group, String path) {
        Node type = group.getChildren().get("type");
        if (type == null) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "node has no type: file=" + source + ", path=" + path);
        }
        return string(type, path + "/type");
    }

    private String string(Node node, String path) {
        if (!(node instanceof Dataset dataset)) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "expected a string dataset: file=" + source + ", path="
                    + path);
        }
        Object data = dataset.getData();
        if (data != null && data.getClass().isArray() && Array.getLength(data) == 1 && !(data instanceof byte[])) {
            data = Array.get(data, 0);
        }
        return text(data, path);
    }

    private String text(Object value, String path) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "expected a string: file=" + source + ", path=" + path
                + ", javaType=" + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private NirArray array(Dataset dataset, String path) {
        int[] shape = dataset.getDimensions();
        Object data = dataset.isScalar() ? dataset.getData() : dataset.getDataFlat();
        double[] values;
        if (data instanceof Number n) {
            values = new double[] {n.doubleValue()};
        } else if (data instanceof Boolean b) {
            values = new double[] {b ? 1 : 0};
        } else if (data instanceof float[] f) {
            values = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                values[i] = f[i];
            }
        } else if (data instanceof double[] d) {
            values = d.clone();
        } else if (data instanceof long[] l) {
            values = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                values[i] = l[i];
            }
        } else if (data instanceof int[] n) {
            values = new double[n.length];
            for (int i = 0; i < n.length; i++) {
                values[i] = n[i];
            }
        } else if (data instanceof short[] s) {
            values = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                values[i] = s[i];
            }
        } else if (data instanceof byte[] b) {
            values = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                values[i] = b[i];
            }
        } else {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "parameter is not numeric: file=" + source + ", path="
                    + path + ", javaType=" + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        return new NirArray(shape, values);
    }

    private <T> T guard(Supplier<T> read) {
        try {
            return read.get();
        } catch (LoihiException e) {
            throw e;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
            throw new LoihiException(CompilerErrors.NIR_BAD_FILE, "corrupt or truncated HDF5: file=" + source + ", reason="
                    + e.getClass().getSimpleName() + reason, e);
        } catch (OutOfMemoryError e) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FILE, "corrupt HDF5, a header claims more memory than the JVM has: "
                    + "file=" + source, e);
        }
    }
}
