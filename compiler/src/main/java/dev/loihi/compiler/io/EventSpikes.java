package dev.loihi.compiler.io;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NIR's event data (nir.data_ir.EventData) as spike trains: a .npz (numpy's savez) holding
 * {@code idx} (samples x events, the input neuron of each event, -1 for none), {@code time}
 * (samples x events, seconds, inf for none), {@code n_neurons} and {@code t_max}. Binned as
 * NIR's own {@code to_time_gridded} does with its default (state evolves before the event): T =
 * round(t_max / dt) steps, an event at time t in ((s - 1) dt, s dt] lands in step index s - 1
 * (time 0 in index 0), so the trains equal the N x T x inputs array NIR would make.
 *
 * <p>Where NIR drops events after t_max with a warning and merges two events of one neuron in
 * one step, this refuses the file in one line: the chip takes one spike per axon per step, and
 * a dropped event would be silent.
 */
public final class EventSpikes {
    private static final String[] ENTRIES = {"idx", "time", "n_neurons", "t_max"};
    /** NIR's tolerance for an event time that is a whole number of steps up to float rounding. */
    private static final double EPS = 1e-10;
    /** Largest .npz entry read, so that a hostile archive cannot exhaust memory. */
    private static final long MAX_ENTRY_BYTES = 1L << 30;

    private EventSpikes() {}

    /** True for a file that names itself event data: a .npz. */
    public static boolean applies(Path file) {
        return file.toString().endsWith(".npz");
    }

    public static SpikeTrains read(Path file, int inputs, double dtSeconds) {
        Map<String, NpyArray> arrays = entries(file);
        NpyArray idx = arrays.get("idx");
        NpyArray time = arrays.get("time");
        if (!Arrays.equals(idx.shape(), time.shape()) || idx.rank() < 1 || idx.rank() > 2) {
            throw bad(file, "idx and time must be samples x events of one shape: idxShape="
                    + Arrays.toString(idx.shape()) + ", timeShape=" + Arrays.toString(time.shape()));
        }
        int neurons = (int) scalar(file, arrays.get("n_neurons"), "n_neurons");
        if (neurons != inputs) {
            throw bad(file, "n_neurons differs from the network's inputs: n_neurons=" + neurons + ", expected=" + inputs);
        }
        double tMax = scalar(file, arrays.get("t_max"), "t_max");
        long steps = Math.round(tMax / dtSeconds);
        if (!(tMax > 0) || !Double.isFinite(tMax) || steps < 1 || steps > Integer.MAX_VALUE) {
            throw bad(file, "t_max must give at least one step: t_max=" + tMax + ", dt=" + dtSeconds);
        }
        int samples = idx.rank() == 1 ? 1 : idx.shape()[0];
        int events = idx.shape()[idx.rank() - 1];
        long size = (long) samples * steps * inputs;
        if (size > Integer.MAX_VALUE - 8) {
            throw bad(file, "spike trains too large: samples=" + samples + ", steps=" + steps + ", inputs=" + inputs);
        }
        double[] v = new double[(int) size];
        double[] index = idx.values();
        double[] times = time.values();
        for (int n = 0; n < samples; n++) {
            for (int e = 0; e < events; e++) {
                double k = index[n * events + e];
                double t = times[n * events + e];
                if (k == -1) {
                    continue;
                }
                String where = "sample=" + n + ", event=" + e;
                if (k != Math.rint(k) || k < 0 || k >= inputs) {
                    throw bad(file, "event index out of range: " + where + ", idx=" + k + ", n_neurons=" + inputs);
                }
                if (!(t >= 0) || !Double.isFinite(t)) {
                    throw bad(file, "event time must be finite and >= 0: " + where + ", time=" + t);
                }
                long s = Math.max(0, (long) Math.ceil(t / dtSeconds - EPS) - 1);
                if (s >= steps) {
                    throw bad(file, "event after t_max: " + where + ", time=" + t + ", t_max=" + tMax);
                }
                int at = (int) ((n * steps + s) * inputs + (int) k);
                if (v[at] != 0) {
                    throw bad(file, "two events of one input in one step (the chip takes one): " + where + ", input="
                            + (int) k + ", step=" + (s + 1) + ", dt=" + dtSeconds + "; use a smaller --dt");
                }
                v[at] = 1;
            }
        }
        return SpikeTrains.of(file.toString(), samples, (int) steps, inputs, v);
    }

    /**
     * Writes event data in the layout {@link #read} takes (numpy's savez: one .npy per array):
     * idx and time are samples x events, padded with -1 and inf as NIR pads them.
     */
    public static void write(Path file, double[][] idx, double[][] time, int neurons, double tMax) {
        int samples = idx.length;
        int events = samples == 0 ? 0 : idx[0].length;
        int[] shape = {samples, events};
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, file, "idx", shape, Arrays.stream(idx).flatMapToDouble(Arrays::stream).toArray());
            entry(zip, file, "time", shape, Arrays.stream(time).flatMapToDouble(Arrays::stream).toArray());
            entry(zip, file, "n_neurons", new int[0], new double[] {neurons});
            entry(zip, file, "t_max", new int[0], new double[] {tMax});
        } catch (IOException e) {
            throw new LoihiException(CompilerErrors.NPY_WRITE_FAILED, "cannot write event file: file=" + file
                    + ", reason=" + e.getMessage());
        }
    }

    private static void entry(ZipOutputStream zip, Path file, String name, int[] shape, double[] values)
            throws IOException {
        Path npy = Files.createTempFile(file.toAbsolutePath().getParent(), ".events", ".npy");
        try {
            NpyWriter.write(npy, shape, values);
            zip.putNextEntry(new ZipEntry(name + ".npy"));
            zip.write(Files.readAllBytes(npy));
            zip.closeEntry();
        } finally {
            Files.deleteIfExists(npy);
        }
    }

    private static double scalar(Path file, NpyArray a, String name) {
        if (a.values().length != 1) {
            throw bad(file, name + " must be one number: shape=" + Arrays.toString(a.shape()));
        }
        return a.values()[0];
    }

    /** The four arrays of the archive; any other entries are ignored. */
    private static Map<String, NpyArray> entries(Path file) {
        if (!Files.isRegularFile(file)) {
            throw bad(file, "no such file");
        }
        Map<String, NpyArray> arrays = new HashMap<>();
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries++;
                String name = entry.getName().endsWith(".npy")
                        ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
                if (Arrays.asList(ENTRIES).contains(name)) {
                    arrays.put(name, NpyReader.decodeEventArray(bytes(zip, file, name), file + ":" + name));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw bad(file, "not a readable .npz: reason=" + e.getMessage());
        } catch (LoihiException e) {
            if (e.code().equals(CompilerErrors.SPIKES_BAD_EVENTS)) {
                throw e;
            }
            throw bad(file, "bad array in the archive: reason=" + e.getMessage());
        }
        if (entries == 0) {
            throw bad(file, "not a .npz archive (no zip entries)");
        }
        for (String name : ENTRIES) {
            if (!arrays.containsKey(name)) {
                throw bad(file, "missing array (NIR EventData has idx, time, n_neurons, t_max): name=" + name
                        + ", found=" + arrays.keySet().stream().sorted().toList());
            }
        }
        return arrays;
    }

    private static byte[] bytes(InputStream in, Path file, String name) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(MAX_ENTRY_BYTES, Integer.MAX_VALUE - 8));
        if (in.read() >= 0) {
            throw bad(file, "array larger than " + MAX_ENTRY_BYTES + " bytes: name=" + name);
        }
        return data;
    }

    /** {@code message} is "what: key=value, ..." or "what"; the file goes first among the keys. */
    private static LoihiException bad(Path file, String message) {
        int colon = message.indexOf(": ");
        String text = colon < 0 ? message + ": file=" + file
                : message.substring(0, colon) + ": file=" + file + ", " + message.substring(colon + 2);
        return new LoihiException(CompilerErrors.SPIKES_BAD_EVENTS, "bad event file, " + text);
    }
}
