package dev.loihi.emulator;

import dev.loihi.common.LoihiException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a raw network and writes its trace (RAW_FORMAT.md) in memory that does not grow with the
 * steps. The trace lists each compartment's whole run on one row, but the emulator yields one
 * step of every compartment at a time; so steps are probed in chunks, each chunk spilled to
 * scratch files compartment by compartment, and the rows are then read back chunk by chunk
 * and written. Holding the whole trace took about 1 GB for 100,000 steps of the 133-compartment
 * jet tagger. With every kind and every step the bytes are those of {@link TraceWriter}.
 *
 * <p>A step range records steps {@code fromStep..toStep} (1-based, inclusive) of a run that
 * still steps from 1: {@code steps} is then the number recorded, {@code first_step} the first,
 * and spike times stay the network's step numbers. A kind left out leaves out its keys.
 */
public final class TraceStreamer {
    /** Memory the chunks may take, whatever the heap: one chunk of every kind. */
    static final long CHUNK_BYTES = 4L << 20;
    private static final String INDENT = "      ";

    private TraceStreamer() {}

    /** What was written: the steps recorded and the wrap-arounds of the whole run. */
    public record Summary(int steps, Set<Warning> warnings) {}

    public static Summary write(RawNetwork raw, Path file, Set<ProbeKind> kinds, int fromStep, int toStep) {
        return write(raw, file, kinds, fromStep, toStep, CHUNK_BYTES);
    }

    /** As above, with chunks of at most {@code chunkBytes} (tests make them a step or two). */
    static Summary write(RawNetwork raw, Path file, Set<ProbeKind> kinds, int fromStep, int toStep, long chunkBytes) {
        if (fromStep < 1 || toStep > raw.steps() || (fromStep > toStep && raw.steps() > 0)) {
            throw new IllegalArgumentException("step range " + fromStep + ".." + toStep + " of " + raw.steps());
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Path> scratch = new ArrayList<>();
        Chunks chunks = null;
        try {
            Files.createDirectories(dir);
            Emulator emulator = Emulator.load(raw);
            chunks = new Chunks(emulator, kinds, dir, scratch);
            InputSpikesByStep schedule = Emulator.schedule(raw);
            int chunkSteps = (int) Math.min(Integer.MAX_VALUE, Math.max(1, chunkBytes / 4 / Math.max(1, chunks.compartments) / 2));
            Probes probes = null;
            for (int t = 1; t <= raw.steps(); t++) {
                if (t == fromStep && fromStep <= toStep) {
                    probes = emulator.probe(ProbeTarget.all(), kinds, Math.min(chunkSteps, toStep - fromStep + 1));
                }
                schedule.inject(emulator, t);
                emulator.step();
                if (probes != null && (probes.steps() == chunkSteps || t == toStep)) {
                    chunks.spill(probes);
                    probes.clear();
                }
                if (t == toStep && probes != null) {
                    probes.close();
                    probes = null;
                }
            }
            // named, not a temp file: a temp file is private to its owner, and the trace is a file like any other
            Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            scratch.add(tmp);
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                chunks.writeJson(out, toStep - fromStep + 1, fromStep, raw.steps(), emulator.warnings());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(toStep - fromStep + 1, emulator.warnings());
        } catch (IOException e) {
            throw new LoihiException(EmulatorErrors.TRACE_IO, "cannot write trace: file=" + file
                    + ", error=" + RawNetworkReader.oneLine(String.valueOf(e.getMessage())), e);
        } finally {
            if (chunks != null) {
                chunks.close();
            }
            for (Path p : scratch) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a scratch file left in a temp name; the trace itself is whole or absent
                }
            }
        }
    }

    /** The spilled chunks: per kind a scratch file of chunks, each compartment by compartment. */
    private static final class Chunks {
        final int compartments;
        private final Emulator emulator;
        private final boolean spikes;
        private final boolean voltage;
        private final boolean current;
        private final FileChannel spikeFile;
        private final FileChannel voltageFile;
        private final FileChannel currentFile;
        /** Per chunk: steps in it, and where its values start in the voltage and current files. */
        private final List<Integer> chunkSteps = new ArrayList<>();
        private final List<Long> valueBase = new ArrayList<>();
        /** Per chunk and compartment: where its spike times start in the spike file, and how many. */
        private final List<long[]> spikeAt = new ArrayList<>();
        private final List<int[]> spikeCount = new ArrayList<>();
        private long spikeEnd;
        private long valueEnd;

        Chunks(Emulator emulator, Set<ProbeKind> kinds, Path dir, List<Path> scratch) throws IOException {
            this.emulator = emulator;
            int n = 0;
            for (int c = 0; c < emulator.coreCount(); c++) {
                n += emulator.compartmentCount(c);
            }
            compartments = n;
            spikes = kinds.contains(ProbeKind.SPIKES);
            voltage = kinds.contains(ProbeKind.VOLTAGE);
            current = kinds.contains(ProbeKind.CURRENT);
            spikeFile = spikes ? open(dir, scratch) : null;
            voltageFile = voltage ? open(dir, scratch) : null;
            currentFile = current ? open(dir, scratch) : null;
        }

        private static FileChannel open(Path dir, List<Path> scratch) throws IOException {
            Path p = Files.createTempFile(dir, ".trace-chunks", ".tmp");
            scratch.add(p);
            return FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        }

        void close() {
            for (FileChannel f : new FileChannel[] {spikeFile, voltageFile, currentFile}) {
                try {
                    if (f != null) {
                        f.close();
                    }
                } catch (IOException ignored) {
                    // scratch only: deleted below
                }
            }
        }

        void spill(Probes probes) throws IOException {
            int steps = probes.steps();
            chunkSteps.add(steps);
            valueBase.add(valueEnd);
            if (voltage) {
                spillValues(voltageFile, probes::voltage, steps);
            }
            if (current) {
                spillValues(currentFile, probes::current, steps);
            }
            valueEnd += 4L * steps * compartments;
            if (spikes) {
                int[][] times = probes.spikeSteps();
                long[] at = new long[compartments];
                int[] count = new int[compartments];
                for (int k = 0; k < compartments; k++) {
                    at[k] = spikeEnd;
                    count[k] = times[k].length;
                    spikeEnd += write(spikeFile, spikeEnd, times[k], times[k].length);
                }
                spikeAt.add(at);
                spikeCount.add(count);
            }
        }

        private interface Values {
            int at(int compartment, int stepIndex);
        }

        private void spillValues(FileChannel f, Values values, int steps) throws IOException {
            int[] row = new int[steps];
            long at = valueEnd;
            for (int k = 0; k < compartments; k++) {
                for (int s = 0; s < steps; s++) {
                    row[s] = values.at(k, s);
                }
                at += write(f, at, row, steps);
            }
        }

        private static long write(FileChannel f, long at, int[] values, int count) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(values, 0, count);
            long pos = at;
            while (b.hasRemaining()) {
                pos += f.write(b, pos);
            }
            return 4L * count;
        }

        private static int[] read(FileChannel f, long at, int count) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
            long pos = at;
            while (b.hasRemaining()) {
                int n = f.read(b, pos);
                if (n < 0) {
                    throw new IOException("scratch file ended early");
                }
                pos += n;
            }
            b.flip();
            int[] out = new int[count];
            IntBuffer ints = b.asIntBuffer();
            ints.get(out);
            return out;
        }

        void writeJson(Writer out, int steps, int firstStep, int networkSteps, Set<Warning> warnings) throws IOException {
            out.write("{\n  \"steps\": " + steps);
            if (firstStep != 1 || steps != networkSteps) {
                out.write(",\n  \"first_step\": " + firstStep);
            }
            out.write(",\n  \"warnings\": [");
            boolean first = true;
            for (Warning w : Warning.values()) {
                if (warnings.contains(w)) {
                    out.write((first ? "" : ", ") + JsonText.quote(w.text()));
                    first = false;
                }
            }
            out.write("],\n  \"blocks\": {");
            int global = 0;
            for (int c = 0; c < emulator.coreCount(); c++) {
                int n = emulator.compartmentCount(c);
                out.write((c == 0 ? "\n" : ",\n") + "    " + JsonText.quote(emulator.coreName(c)) + ": {\n");
                List<String> keys = new ArrayList<>();
                if (spikes) {
                    keys.add("spike_times");
                    keys.add("spike_counts");
                }
                if (voltage) {
                    keys.add("voltage");
                }
                if (current) {
                    keys.add("current");
                }
                for (int i = 0; i < keys.size(); i++) {
                    out.write((i == 0 ? "" : ",\n") + INDENT + "\"" + keys.get(i) + "\": ");
                    switch (keys.get(i)) {
                        case "spike_times" -> rows(out, global, n, this::spikeRow);
                        case "spike_counts" -> counts(out, global, n);
                        case "voltage" -> rows(out, global, n, (w, k) -> valueRow(w, voltageFile, k));
                        default -> rows(out, global, n, (w, k) -> valueRow(w, currentFile, k));
                    }
                }
                out.write("\n    }");
                global += n;
            }
            out.write(emulator.coreCount() == 0 ? "}\n}\n" : "\n  }\n}\n");
        }

        private interface Row {
            void write(Writer out, int compartment) throws IOException;
        }

        /** As {@code JsonText.rows}: {@code [[...], [...]]}, a row a line. */
        private void rows(Writer out, int from, int n, Row row) throws IOException {
            if (n == 0) {
                out.write("[]");
                return;
            }
            out.write("[\n");
            for (int k = 0; k < n; k++) {
                out.write(INDENT + "  ");
                row.write(out, from + k);
                out.write(k + 1 < n ? ",\n" : "\n");
            }
            out.write(INDENT + "]");
        }

        private void counts(Writer out, int from, int n) throws IOException {
            out.write('[');
            for (int k = 0; k < n; k++) {
                long total = 0;
                for (int[] count : spikeCount) {
                    total += count[from + k];
                }
                out.write((k > 0 ? ", " : "") + total);
            }
            out.write(']');
        }

        private void spikeRow(Writer out, int k) throws IOException {
            out.write('[');
            boolean first = true;
            for (int ch = 0; ch < spikeAt.size(); ch++) {
                int count = spikeCount.get(ch)[k];
                if (count > 0) {
                    first = ints(out, read(spikeFile, spikeAt.get(ch)[k], count), first);
                }
            }
            out.write(']');
        }

        private void valueRow(Writer out, FileChannel f, int k) throws IOException {
            out.write('[');
            boolean first = true;
            for (int ch = 0; ch < chunkSteps.size(); ch++) {
                int steps = chunkSteps.get(ch);
                first = ints(out, read(f, valueBase.get(ch) + 4L * k * steps, steps), first);
            }
            out.write(']');
        }

        private static boolean ints(Writer out, int[] values, boolean first) throws IOException {
            StringBuilder s = new StringBuilder(values.length * 6);
            for (int i = 0; i < values.length; i++) {
                if (!first || i > 0) {
                    s.append(", ");
                }
                s.append(values[i]);
            }
            out.write(s.toString());
            return first && values.length == 0;
        }
    }

    /** Every kind. */
    public static Set<ProbeKind> allKinds() {
        return EnumSet.allOf(ProbeKind.class);
    }
}
