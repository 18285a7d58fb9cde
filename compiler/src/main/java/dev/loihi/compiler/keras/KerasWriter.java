package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Saves an {@link AnnModel} so that Keras (and {@link KerasImporter}) loads it back: as a
 * full-model HDF5 like Keras 2's {@code model.save("m.h5")}, or as a Keras 3 {@code .keras}
 * zip. Weights are stored as float32, the dtype Keras trains in, so a model that came from
 * Keras round-trips bit for bit; a model with float64-only precision (e.g. after batch-norm
 * folding) is rounded to float32 once.
 *
 * <p>Strings are written as fixed-length UTF-8 attributes (jhdf's only string form); h5py hands
 * them to Keras as bytes, which Keras decodes, as it does for its own files. The output bytes
 * depend only on the model.
 */
public final class KerasWriter {
    static final String KERAS2_VERSION = "2.1.6";
    static final String KERAS3_VERSION = "3.5.0";
    /** Zip entries carry this fixed time so that equal models give equal archives. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private KerasWriter() {}

    /**
     * Writes the Keras 2 full-model layout:
     *
     * <pre>
     *   @model_config, @keras_version, @backend
     *   model_weights/          @layer_names = [dense names], @keras_version, @backend
     *   model_weights/fc1/      @weight_names = ["fc1/kernel:0", "fc1/bias:0"]
     *   model_weights/fc1/fc1/kernel:0   float32 [in, out]
     *   model_weights/fc1/fc1/bias:0     float32 [out]
     * </pre>
     *
     * The InputLayer gets no group: Keras only loads layers listed in {@code layer_names}, and
     * it lists only layers that hold weights.
     */
    public static void saveH5(AnnModel model, Path file) {
        write(file, h5 -> {
            h5.putAttribute("model_config", KerasConfigWriter.keras2(model));
            h5.putAttribute("keras_version", KERAS2_VERSION);
            h5.putAttribute("backend", "tensorflow");
            WritableGroup weights = h5.putGroup("model_weights");
            List<String> names = new ArrayList<>();
            for (DenseLayer layer : model.layers()) {
                names.add(layer.name());
                WritableGroup group = weights.putGroup(layer.name());
                group.putAttribute("weight_names", new String[] {layer.name() + "/kernel:0", layer.name() + "/bias:0"});
                WritableGroup inner = group.putGroup(layer.name());
                inner.putDataset("kernel:0", float32(layer.kernel()));
                inner.putDataset("bias:0", float32(layer.bias()));
            }
            weights.putAttribute("layer_names", names.toArray(new String[0]));
            weights.putAttribute("keras_version", KERAS2_VERSION);
            weights.putAttribute("backend", "tensorflow");
        });
    }

    /**
     * Writes a Keras 3 archive: {@code metadata.json}, {@code config.json} (a Sequential) and
     * {@code model.weights.h5}, the latter laid out as {@link Keras3WeightStore} describes.
     */
    public static void saveKeras(AnnModel model, Path file) {
        byte[] weights = keras3Weights(model, file);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, KerasArchive.METADATA, KerasConfigWriter.keras3Metadata().getBytes(StandardCharsets.UTF_8));
            stored(zip, KerasArchive.CONFIG, KerasConfigWriter.keras3(model).getBytes(StandardCharsets.UTF_8));
            stored(zip, KerasArchive.WEIGHTS, weights);
        } catch (IOException e) {
            throw failed(file, e);
        }
    }

    private static byte[] keras3Weights(AnnModel model, Path target) {
        Path temp = null;
        try {
            temp = Files.createTempFile("loihi-keras-", ".weights.h5");
            write(temp, h5 -> {
                WritableGroup layers = h5.putGroup("layers");
                for (int i = 0; i < model.layers().size(); i++) {
                    DenseLayer layer = model.layers().get(i);
                    WritableGroup vars = layers.putGroup(i == 0 ? "dense" : "dense_" + i).putGroup("vars");
                    vars.putDataset("0", float32(layer.kernel()));
                    vars.putDataset("1", float32(layer.bias()));
                }
                // Keras 3 requires the model's own (empty) "vars" group. jhdf 0.11.0 appends its
                // version string at the file position after the last data it wrote; when an empty
                // group is the last object laid out, that string lands on the group's header. A
                // dataset placed after it (root children are laid out in hash order: layers, vars,
                // created_by) keeps the header intact; verifyReadable checks that it did.
                h5.putGroup("vars");
                h5.putDataset("created_by", "dev.loihi.compiler.keras.KerasWriter");
            });
            return Files.readAllBytes(temp);
        } catch (IOException e) {
            throw failed(target, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temp file does not affect the archive
                }
            }
        }
    }

    private interface Content {
        void fill(WritableHdfFile h5);
    }

    private static void write(Path file, Content content) {
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            // jhdf stamps its version and the host OS into every file; dropped so the bytes depend only on the model
            h5.removeAttribute("_jHDF");
            content.fill(h5);
        } catch (LoihiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(file, e);
        }
        verifyReadable(file);
    }

    /** Reads every node back, so that a jhdf writing defect fails here and not in Keras. */
    private static void verifyReadable(Path file) {
        try (HdfFile h5 = new HdfFile(file)) {
            visit(h5);
        } catch (RuntimeException e) {
            throw failed(file, e);
        }
    }

    private static void visit(Group group) {
        for (Node node : group.getChildren().values()) {
            node.getAttributes().values().forEach(a -> a.getData());
            if (node instanceof Group g) {
                visit(g);
            } else if (node instanceof Dataset d) {
                d.getDataFlat();
            }
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Keras's own dtype: what a saved model's weights are stored as. */
    public static float[][] float32(double[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = float32(m[i]);
        }
        return out;
    }

    public static float[] float32(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static LoihiException failed(Path file, Exception e) {
        return new LoihiException(CompilerErrors.KERAS_WRITE_FAILED, "cannot write Keras model: file=" + file + ", reason="
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")), e);
    }
}
