package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one place that calls jhdf for reading. jhdf reports corrupt or truncated files with
 * unchecked exceptions of many kinds (HdfException, BufferUnderflowException, ...), some only
 * when a node is first touched, so every call runs inside {@link #guard} and comes out as
 * KERAS_BAD_FILE naming the file.
 */
final class HdfAccess {
    /** The 8-byte HDF5 superblock signature (HDF5 spec, "Format Signature"). */
    static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private HdfAccess() {}

    /**
     * True when the bytes hold the HDF5 signature at offset 0 or at a user-block offset (512,
     * 1024, 2048, ...), the only places the HDF5 spec allows it.
     */
    static boolean isHdf5(byte[] head, long fileSize) {
        for (long offset = 0; offset + SIGNATURE.length <= Math.min(head.length, fileSize);
                offset = offset == 0 ? 512 : offset * 2) {
            if (Arrays.equals(head, (int) offset, (int) offset + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                return true;
            }
        }
        return false;
    }

    static HdfFile open(Path file) {
        if (!Files.exists(file)) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "no such file: file=" + file);
        }
        dev.loihi.common.InputFiles.requireRegular(file, CompilerErrors.KERAS_BAD_FILE, "HDF5 file");
        return guard(file.toString(), () -> new HdfFile(file));
    }

    static HdfFile open(byte[] bytes, String source) {
        return guard(source, () -> HdfFile.fromBytes(bytes));
    }

    static <T> T guard(String source, Supplier<T> read) {
        try {
            return read.get();
        } catch (LoihiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "corrupt or truncated HDF5: file=" + source
                    + ", reason=" + oneLine(e), e);
        } catch (OutOfMemoryError e) {
            // jhdf sizes some buffers from header fields before checking them against the file
            // (found by fuzzing); the one refused allocation left the heap as it was.
            throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "corrupt HDF5, a header claims more memory than the JVM has: file="
                    + source, e);
        }
    }

    /** A string attribute (scalar, or the first element of a string array), or empty. */
    static Optional<String> string(Node node, String name, String source) {
        return guard(source, () -> {
            Attribute attribute = node.getAttribute(name);
            if (attribute == null) {
                return Optional.empty();
            }
            List<String> values = asStrings(attribute.getData());
            return values.isEmpty() ? Optional.<String>empty() : Optional.of(values.get(0));
        });
    }

    /**
     * A string-list attribute such as {@code layer_names}. Keras splits lists that exceed the
     * 64 KiB HDF5 attribute limit into {@code name0}, {@code name1}, ...; both forms are read.
     * Empty when neither form is present.
     */
    static Optional<List<String>> strings(Node node, String name, String source) {
        return guard(source, () -> {
            Attribute whole = node.getAttribute(name);
            if (whole != null) {
                return Optional.of(asStrings(whole.getData()));
            }
            List<String> joined = new ArrayList<>();
            boolean found = false;
            for (int chunk = 0; node.getAttribute(name + chunk) != null; chunk++) {
                joined.addAll(asStrings(node.getAttribute(name + chunk).getData()));
                found = true;
            }
            return found ? Optional.of(joined) : Optional.<List<String>>empty();
        });
    }

    /** The child at {@code path} below {@code group}, or empty. */
    static Optional<Node> child(Group group, String path, String source) {
        return guard(source, () -> {
            Node at = group;
            for (String part : path.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!(at instanceof Group g) || !g.getChildren().containsKey(part)) {
                    return Optional.<Node>empty();
                }
                at = g.getChild(part);
            }
            return Optional.of(at);
        });
    }

    /** Reads a float32, float64, int8, int32 or int64 dataset; other types are KERAS_BAD_FILE. */
    static Tensor tensor(Dataset dataset, String name, String source) {
        return guard(source, () -> {
            int[] shape = dataset.getDimensions();
            Object flat = dataset.getDataFlat();
            double[] values;
            if (flat instanceof float[] f) {
                values = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    values[i] = f[i];
                }
            } else if (flat instanceof double[] d) {
                values = d.clone();
            } else if (flat instanceof byte[] b) {
                // HGQ stores bit widths as int8.
                values = new double[b.length];
                for (int i = 0; i < b.length; i++) {
                    values[i] = b[i];
                }
            } else if (flat instanceof int[] n) {
                values = Arrays.stream(n).asDoubleStream().toArray();
            } else if (flat instanceof long[] n) {
                // Normalization's sample count is int64
                values = Arrays.stream(n).asDoubleStream().toArray();
            } else if (flat instanceof Number n) {
                values = new double[] {n.doubleValue()};
            } else {
                throw new LoihiException(CompilerErrors.KERAS_BAD_FILE, "weight tensor is not float32, float64 or an integer type: file="
                        + source + ", tensor=" + name + ", javaType=" + dataset.getJavaType());
            }
            return new Tensor(name, shape, values);
        });
    }

    private static List<String> asStrings(Object data) {
        List<String> out = new ArrayList<>();
        if (data instanceof String s) {
            out.add(s);
        } else if (data instanceof String[] array) {
            out.addAll(Arrays.asList(array));
        } else if (data instanceof byte[] bytes) {
            out.add(new String(bytes, StandardCharsets.UTF_8));
        } else if (data instanceof Object[] array) {
            for (Object o : array) {
                out.addAll(asStrings(o));
            }
        } else if (data != null) {
            out.add(String.valueOf(data));
        }
        return out;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + message;
    }
}
