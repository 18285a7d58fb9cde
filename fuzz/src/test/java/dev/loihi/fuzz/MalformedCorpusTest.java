package dev.loihi.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-input corpus (src/test/resources/malformed): every file, through its real
 * decoder and, where a command reads that format, through the CLI in-process, must produce the
 * error its manifest.tsv row gives: that code, a message containing the fragment, on one line;
 * the CLI exits 2 with exactly that one line on stderr.
 */
class MalformedCorpusTest {
    /** One row of manifest.tsv. */
    record Entry(String file, String code, String fragment, String cli) {
        @Override
        public String toString() {
            return file;
        }
    }

    private static final Path DIR = corpusDir();

    @TempDir
    static Path work;
    private static Path model;

    @BeforeAll
    static void validModel() {
        model = work.resolve("valid.h5");
        Specimens.fullModelH5(model);
    }

    static List<Entry> entries() {
        try (Stream<String> lines = Files.lines(DIR.resolve("manifest.tsv"), StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> {
                String[] cells = l.split("\t", -1);
                assertEquals(4, cells.length, () -> "manifest row needs 4 tab-separated cells: " + l);
                return new Entry(cells[0], cells[1], cells[2], cells[3]);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void decoderGivesTheListedError(Entry entry) {
        MalformedInput.Refusal refusal = MalformedInput.decode(DIR.resolve(entry.file()), model);
        assertNotNull(refusal, () -> entry.file() + " was accepted");
        assertEquals(entry.code(), refusal.code(), refusal::message);
        Rejection.requireOneLine(refusal.code(), refusal.message());
        assertTrue(refusal.message().contains(entry.fragment()),
                () -> "message lacks '" + entry.fragment() + "': " + refusal.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void cliExitsTwoWithOneLine(Entry entry) throws IOException {
        if (entry.cli().equals("-")) {
            return;
        }
        Path out = Files.createDirectories(work.resolve(entry.file() + "-out"));
        String[] args = entry.cli().replace("{file}", DIR.resolve(entry.file()).toString())
                .replace("{model}", model.toString()).replace("{weights}", model.toString())
                .replace("{out}", out.toString()).split(" ");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(stdout); PrintWriter e = new PrintWriter(stderr)) {
            exit = Main.execute(args, o, e);
        }
        List<String> lines = stderr.toString().lines().toList();
        assertEquals(Main.EXIT_USER_ERROR, exit, () -> "exit code; stderr: " + stderr);
        assertEquals(1, lines.size(), () -> "stderr must be one line, was:\n" + stderr);
        assertTrue(lines.get(0).startsWith("error: [" + entry.code() + "] "), lines.get(0));
        assertTrue(lines.get(0).contains(entry.fragment()), lines.get(0));
    }

    @Test
    void corpusCoversEveryFormatAndEveryFileIsListed() throws IOException {
        Set<String> listed = entries().stream().map(Entry::file).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(DIR)) {
            Set<String> present = files.map(f -> f.getFileName().toString())
                    .filter(n -> !n.equals("manifest.tsv")).collect(Collectors.toSet());
            assertEquals(present, listed, "files in the corpus and rows of the manifest differ");
        }
        Set<String> formats = listed.stream().map(n -> n.substring(0, n.indexOf('-'))).collect(Collectors.toSet());
        assertEquals(Set.of("frame", "image", "raw", "trace", "keras", "npy", "csv", "config", "native"), formats);
        assertTrue(listed.size() >= 30, "the corpus holds at least 30 inputs");
    }

    private static Path corpusDir() {
        try {
            return Path.of(MalformedCorpusTest.class.getResource("/malformed/manifest.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
