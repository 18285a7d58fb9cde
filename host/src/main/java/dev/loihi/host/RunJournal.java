package dev.loihi.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.common.LoihiException;
import dev.loihi.common.MessageText;
import dev.loihi.snips.ChannelReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The progress of a {@code run}, kept next to its results file so that {@code --resume} can
 * continue after a lost link or a killed process. JSON Lines: a header naming what the run
 * depends on (model image and input checksums, steps, settling, channel settings), then one
 * line per completed input, in the order inputs completed (several workers finish them out of
 * order), with its index and exactly what the presentation returned. Every input starts from
 * reset chip state, so an input cut off part way is run again whole and the resumed run gives
 * what an uninterrupted one would.
 *
 * <p>Each line ends with a newline; the lines of the inputs that completed together go to the
 * file in one write and are forced to the disk before those inputs are taken as done; a last line without a newline is a write the process
 * did not finish, and is dropped on reading.
 *
 * <p>The lines form a chain ({@link JournalChain}): each ends with the SHA-256 of the previous
 * line's digest and its own text, so a changed byte, a reordered, renumbered, inserted or removed
 * line is refused on reading, naming the file and the first line that does not check out.
 */
public final class RunJournal implements AutoCloseable {
    private static final String FORMAT_NAME = "loihi-run-journal/";
    static final int FORMAT_VERSION = 2;
    static final String FORMAT = FORMAT_NAME + FORMAT_VERSION;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far beyond any run's journal (a few hundred bytes per input); a larger file is not one. */
    static final long MAX_FILE_BYTES = 1L << 30;

    private final Path file;
    /** Completed presentations by input index. */
    private final SortedMap<Integer, Presenter.Presentation> done;
    private FileChannel out;
    /** The digest of the last line written: the next line chains on it. */
    private String chain;

    private RunJournal(Path file, SortedMap<Integer, Presenter.Presentation> done, FileChannel out, String chain) {
        this.file = file;
        this.done = done;
        this.out = out;
        this.chain = chain;
    }

    /** Where the journal of results file {@code results} lives. */
    public static Path of(Path results) {
        return results.resolveSibling(results.getFileName() + ".journal");
    }

    /** A new journal for a run described by {@code header}, replacing any earlier one. */
    public static RunJournal start(Path file, ObjectNode header) {
        return write(file, header, new TreeMap<>());
    }

    /**
     * The journal of an interrupted run; RUN_RESUME when there is none, when it is damaged, or
     * when {@code header} differs from the one it was started with (another model, inputs or settings).
     */
    public static RunJournal resume(Path file, ObjectNode header) {
        if (!Files.isRegularFile(file)) {
            throw new LoihiException(HostErrors.RUN_RESUME, "no run journal to resume: file=" + file
                    + " (a run writes it next to --results while it runs)");
        }
        List<String> lines;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new LoihiException(HostErrors.RUN_RESUME, "run journal larger than any run writes: file=" + file + ", bytes="
                        + Files.size(file) + ", max=" + MAX_FILE_BYTES);
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            lines = new ArrayList<>(text.lines().toList());
            if (!text.endsWith("\n") && !lines.isEmpty()) {
                lines.remove(lines.size() - 1);
            }
        } catch (IOException e) {
            throw failure(HostErrors.RUN_RESUME, "cannot read the run journal", file, e);
        }
        if (lines.isEmpty()) {
            throw new LoihiException(HostErrors.RUN_RESUME, "run journal has no header: file=" + file);
        }
        String link = "";
        List<String> bodies = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String body = JournalChain.body(lines.get(i), link);
            if (body == null && i == 0) {
                refuseOtherVersion(file, lines.get(0));
            }
            if (body == null) {
                throw new LoihiException(HostErrors.RUN_RESUME, "run journal line altered or out of place: file=" + file + ", line="
                        + (i + 1) + " (its checksum does not match its text and the lines before it)");
            }
            bodies.add(body);
            link = JournalChain.digest(lines.get(i));
        }
        checkHeader(file, parse(file, bodies.get(0), 1), header);
        // The header's input count, when it names one, bounds the indices an entry may have.
        int inputs = header.path("inputs").asInt(Integer.MAX_VALUE);
        SortedMap<Integer, Presenter.Presentation> done = new TreeMap<>();
        for (int i = 1; i < bodies.size(); i++) {
            JsonNode n = parse(file, bodies.get(i), i + 1);
            JsonNode input = n.path("input");
            if (!input.canConvertToInt() || !input.isIntegralNumber() || input.asInt() < 0 || input.asInt() >= inputs) {
                throw new LoihiException(HostErrors.RUN_RESUME, "run journal entry names no input of this run: file=" + file + ", line="
                        + (i + 1) + ", input=" + input + ", inputs=" + inputs);
            }
            if (done.put(input.asInt(), presentation(file, n, i + 1)) != null) {
                throw new LoihiException(HostErrors.RUN_RESUME, "run journal records an input twice: file=" + file + ", line=" + (i + 1)
                        + ", input=" + input);
            }
        }
        // Rewritten without a torn last line, so the next append starts on a line of its own.
        return write(file, header, done);
    }

    /** Replaces the file, in one atomic move, by the header and {@code done}; then opens it for appending. */
    private static RunJournal write(Path file, ObjectNode header, SortedMap<Integer, Presenter.Presentation> done) {
        ObjectNode h = header.deepCopy();
        h.put("format", FORMAT);
        StringBuilder text = new StringBuilder();
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            String line = JournalChain.line(JSON.writeValueAsString(h), "");
            text.append(line);
            String chain = JournalChain.digest(line);
            for (Map.Entry<Integer, Presenter.Presentation> e : done.entrySet()) {
                line = JournalChain.line(body(e.getKey(), e.getValue()), chain);
                text.append(line);
                chain = JournalChain.digest(line);
            }
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".journal", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                writeFully(ch, text.toString());
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new RunJournal(file, done, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    chain);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw failure(HostErrors.RESULTS_WRITE, "cannot write the run journal", file, e);
        }
    }

    /** Hex SHA-256 of {@code bytes}: how the header names the model image and the inputs. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Presentations already completed, by input index, whatever order they completed in. */
    public SortedMap<Integer, Presenter.Presentation> done() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(done));
    }

    /** Appends the presentation of {@code input}, which completed just now. */
    public void record(int input, Presenter.Presentation p) {
        record(new TreeMap<>(Map.of(input, p)));
    }

    /**
     * Appends the presentations of inputs that completed since the last call, in one write and
     * one force to the disk: a force takes 10-90 ms on a busy disk, so forcing each input alone
     * made a run wait on the disk rather than on the chip (docs/BENCHMARKS.md, main job).
     */
    public void record(SortedMap<Integer, Presenter.Presentation> completed) {
        StringBuilder text = new StringBuilder();
        String next = chain;
        for (Map.Entry<Integer, Presenter.Presentation> e : completed.entrySet()) {
            if (done.containsKey(e.getKey())) {
                throw new IllegalArgumentException("input recorded twice: input=" + e.getKey());
            }
            try {
                String line = JournalChain.line(body(e.getKey(), e.getValue()), next);
                text.append(line);
                next = JournalChain.digest(line);
            } catch (IOException ex) {
                throw failure(HostErrors.RESULTS_WRITE, "cannot write the run journal", file, ex);
            }
        }
        try {
            writeFully(out, text.toString());
            // On the disk before the inputs count as done: a power loss then loses no recorded input.
            out.force(false);
        } catch (IOException e) {
            throw failure(HostErrors.RESULTS_WRITE, "cannot write the run journal", file, e);
        }
        chain = next;
        done.putAll(completed);
    }

    public Path file() {
        return file;
    }

    /** The run completed and its results are written: the journal has served. */
    public void delete() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw failure(HostErrors.RESULTS_WRITE, "cannot delete the run journal", file, e);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // every line was flushed when written; nothing is lost
            }
            out = null;
        }
    }

    private static String body(int input, Presenter.Presentation p) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("input", input);
        n.set("scores", JSON.valueToTree(p.scores()));
        n.put("input_spikes", p.inputSpikes());
        n.set("channel", JSON.valueToTree(p.channel()));
        n.set("warnings", JSON.valueToTree(p.warnings()));
        return JSON.writeValueAsString(n);
    }

    private static void writeFully(FileChannel ch, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            ch.write(bytes);
        }
    }

    private static void checkHeader(Path file, JsonNode journal, ObjectNode run) {
        if (!FORMAT.equals(journal.path("format").asText())) {
            throw new LoihiException(HostErrors.RUN_RESUME, "not a run journal: file=" + file + ", format=" + journal.path("format"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = run.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(journal.get(e.getKey()))) {
                throw new LoihiException(HostErrors.RUN_RESUME, "run journal is of another run: file=" + file + ", key=" + e.getKey()
                        + ", journal=" + journal.get(e.getKey()) + ", run=" + e.getValue());
            }
        }
    }

    /**
     * A header whose checksum fails may be sound but written by another version of loihi (format 1
     * had no chain): say so, rather than call every line of it altered.
     */
    private static void refuseOtherVersion(Path file, String header) {
        String format;
        try {
            format = JSON.readTree(header).path("format").asText("");
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (!format.startsWith(FORMAT_NAME) || format.equals(FORMAT)) {
            return;
        }
        String version = format.substring(FORMAT_NAME.length());
        String age = version.matches("[0-9]{1,9}") && Integer.parseInt(version) < FORMAT_VERSION ? "an older" : "another";
        throw new LoihiException(HostErrors.RUN_RESUME, "run journal written by " + age + " version of loihi: file=" + file
                + ", format=" + MessageText.printable(format.length() > 40 ? format.substring(0, 40) + "..." : format) + ", expected=" + FORMAT + " (run again without --resume)");
    }

    private static JsonNode parse(Path file, String line, int number) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject()) {
                throw new IOException("not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new LoihiException(HostErrors.RUN_RESUME, "run journal line does not parse: file=" + file + ", line=" + number);
        }
    }

    private static Presenter.Presentation presentation(Path file, JsonNode n, int line) {
        JsonNode scores = n.path("scores");
        JsonNode spikes = n.path("input_spikes");
        JsonNode channel = n.path("channel");
        JsonNode warnings = n.path("warnings");
        boolean complete = scores.isArray() && spikes.isIntegralNumber() && spikes.canConvertToInt()
                && channel.isObject() && warnings.isArray();
        for (JsonNode s : scores) {
            complete &= s.isNumber();
        }
        for (JsonNode w : warnings) {
            complete &= w.isTextual();
        }
        try {
            if (complete) {
                return new Presenter.Presentation(JSON.treeToValue(scores, double[].class), spikes.asInt(),
                        JSON.treeToValue(channel, ChannelReport.class),
                        List.of(JSON.treeToValue(warnings, String[].class)));
            }
        } catch (IOException | RuntimeException e) {
            // reported below, as any other incomplete entry
        }
        throw new LoihiException(HostErrors.RUN_RESUME, "run journal entry incomplete: file=" + file + ", line=" + line + ", input="
                + n.path("input"));
    }

    private static LoihiException failure(String code, String what, Path file, IOException e) {
        return new LoihiException(code, what + ": file=" + file + ", reason=" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; that is the error to report
            }
        }
    }
}
