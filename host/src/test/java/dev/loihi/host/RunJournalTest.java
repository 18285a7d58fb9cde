package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.common.LoihiException;
import dev.loihi.snips.ChannelReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {
    @TempDir
    Path dir;

    private static ObjectNode header(int steps) {
        ObjectNode h = new ObjectMapper().createObjectNode();
        h.put("model_sha256", RunJournal.sha256(new byte[] {1, 2, 3}));
        h.put("steps_per_input", steps);
        return h;
    }

    private static Presenter.Presentation presentation(int i) {
        return new Presenter.Presentation(new double[] {0.1 * i, -1.0 / 3, Double.MIN_VALUE}, 10 + i,
                new ChannelReport(40, i, 2 * i, 0, 2 * i, 7, 40, 3, 0, 0), List.of("warning " + i));
    }

    private Path journalWith(int inputs) {
        Path file = RunJournal.of(dir.resolve("r.json"));
        try (RunJournal j = RunJournal.start(file, header(40))) {
            for (int i = 0; i < inputs; i++) {
                j.record(i, presentation(i));
            }
        }
        return file;
    }

    @Test
    void shouldGiveBackEveryRecordedPresentationExactly() {
        Path file = journalWith(3);
        try (RunJournal j = RunJournal.resume(file, header(40))) {
            assertEquals(3, j.done().size());
            for (int i = 0; i < 3; i++) {
                Presenter.Presentation p = j.done().get(i);
                assertArrayEquals(presentation(i).scores(), p.scores());
                assertEquals(presentation(i).inputSpikes(), p.inputSpikes());
                assertEquals(presentation(i).channel(), p.channel());
                assertEquals(presentation(i).warnings(), p.warnings());
            }
        }
        assertAppendsAfter(file, 3);
    }

    /** Resumes {@code file} holding {@code inputs} inputs, adds one, and reads it back. */
    private static void assertAppendsAfter(Path file, int inputs) {
        try (RunJournal j = RunJournal.resume(file, header(40))) {
            assertEquals(inputs, j.done().size());
            j.record(inputs, presentation(inputs));
        }
        try (RunJournal j = RunJournal.resume(file, header(40))) {
            assertEquals(inputs + 1, j.done().size());
            assertEquals(presentation(inputs).channel(), j.done().get(inputs).channel());
        }
    }

    /** Workers complete inputs out of order: resume gives back exactly those recorded, under their own index. */
    @Test
    void shouldGiveBackInputsRecordedOutOfOrderUnderTheirOwnIndex() {
        Path file = RunJournal.of(dir.resolve("r.json"));
        int[] order = {3, 0, 5, 1};
        try (RunJournal j = RunJournal.start(file, header(40))) {
            for (int i : order) {
                j.record(i, presentation(i));
            }
        }
        try (RunJournal j = RunJournal.resume(file, header(40))) {
            assertEquals(List.of(0, 1, 3, 5), List.copyOf(j.done().keySet()));
            for (int i : order) {
                assertArrayEquals(presentation(i).scores(), j.done().get(i).scores());
                assertEquals(presentation(i).channel(), j.done().get(i).channel());
            }
            j.record(4, presentation(4));
        }
        try (RunJournal j = RunJournal.resume(file, header(40))) {
            assertEquals(List.of(0, 1, 3, 4, 5), List.copyOf(j.done().keySet()));
        }
    }

    @Test
    void shouldRefuseAnInputRecordedTwice() throws IOException {
        Path file = journalWith(2);
        List<String> lines = Files.readAllLines(file);
        Files.writeString(file, lines.get(1) + "\n", StandardOpenOption.APPEND);
        LoihiException e = assertThrows(LoihiException.class, () -> RunJournal.resume(file, header(40)));
        assertEquals("run journal line altered or out of place: file=" + file + ", line=4 (its checksum does not "
                + "match its text and the lines before it)", e.getMessage());
    }

    /** Each change the issue tried by hand: one byte of a score, a renumbered entry, a renamed key, a dropped score. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.1|0.2", "\"input\":1|\"input\":7", "\"input_spikes\"|\"input_spikez\"", "[0.1,|["})
    void shouldRefuseAnyChangeToALineNamingTheFileAndLine(String from, String to) throws IOException {
        Path file = journalWith(3);
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(2).contains(from), lines.get(2));
        lines.set(2, lines.get(2).replace(from, to));
        Files.write(file, lines);
        LoihiException e = assertThrows(LoihiException.class, () -> RunJournal.resume(file, header(40)));
        assertEquals(HostErrors.RUN_RESUME, e.code());
        assertTrue(e.getMessage().startsWith("run journal line altered or out of place: file=" + file + ", line=3 "),
                e.getMessage());
    }

    @Test
    void shouldRefuseLinesSwappedOrRemovedNamingTheFirstOutOfPlace() throws IOException {
        Path file = journalWith(3);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(2), lines.get(1), lines.get(3)));
        LoihiException swapped = assertThrows(LoihiException.class, () -> RunJournal.resume(file, header(40)));
        assertTrue(swapped.getMessage().contains(", line=2 "), swapped.getMessage());
        Files.write(file, List.of(lines.get(0), lines.get(1), lines.get(3)));
        LoihiException removed = assertThrows(LoihiException.class, () -> RunJournal.resume(file, header(40)));
        assertTrue(removed.getMessage().contains(", line=3 "), removed.getMessage());
    }

    @Test
    void shouldRefuseAnEntryWhoseChecksumHoldsButWhoseFieldsAreMissing() throws IOException {
        Path file = RunJournal.of(dir.resolve("r.json"));
        String header = JournalChain.line("{\"steps_per_input\":40,\"model_sha256\":\"" + RunJournal.sha256(new byte[] {1, 2, 3})
                + "\",\"format\":\"" + RunJournal.FORMAT + "\"}", "");
        String entry = JournalChain.line("{\"input\":0,\"scores\":\"none\"}", JournalChain.digest(header));
        Files.writeString(file, header + entry);
        LoihiException e = assertThrows(LoihiException.class, () -> RunJournal.resume(file, header(40)));
        assertEquals("run journal entry incomplete: file=" + file + ", line=2, input=0", e.getMessage());
    }

    @Test
    void shouldRefuseAnInputBeyondTheRunsInputs() {
        ObjectNode three = header(40).put("inputs", 3);
        Path file = RunJournal.of(dir.resolve("r.json"));
        try (RunJournal j = RunJournal.start(file, three)) {
            j.record(3, presentation(3));
        }
        LoihiException e = assertThrows(LoihiException.class, () -> RunJournal.resume(file, three));
        assertEquals(HostErrors.RUN_RESUME, e.code());
        assertTrue(e.getMessage().contains("line=2, input=3, inputs=3"), e.getMessage());
    }

    @Test
    void shouldDropALineThatWasNotFinished() throws IOException {
        Path file = journalWith(2);
        Files.writeString(file, "{\"input\":2,\"scores\":[0.", StandardOpenOption.APPEND);
        assertAppendsAfter(file, 2);
    }

    @Test
    void shouldRefuseADamagedLine() throws IOException {
        Path file = journalWith(2);
        List<String> lines = Files.readAllLines(file);
        Files.writeString(file, lines.get(0) + "\n" + "not json\n" + lines.get(2) + "\n");
        LoihiException e = assertThrows(LoihiException.class, () -> RunJournal.resume(file, header(40)));
        assertEquals(HostErrors.RUN_RESUME, e.code());
        assertTrue(e.getMessage().contains("line=2"), e.getMessage());
    }

    @Test
    void shouldRefuseTheJournalOfAnotherRun() {
        Path file = journalWith(1);
        LoihiException e = assertThrows(LoihiException.class, () -> RunJournal.resume(file, header(41)));
        assertEquals(HostErrors.RUN_RESUME, e.code());
        assertTrue(e.getMessage().contains("key=steps_per_input, journal=40, run=41"), e.getMessage());
    }

    /** A journal as version 1 wrote it (plain JSON lines, no chain) is named as old, not as altered. */
    @Test
    void shouldNameAJournalOfAnOlderVersion() throws IOException {
        Path file = RunJournal.of(dir.resolve("r.json"));
        Files.writeString(file, "{\"model_sha256\":\"" + RunJournal.sha256(new byte[] {1, 2, 3})
                + "\",\"steps_per_input\":40,\"format\":\"loihi-run-journal/1\"}\n"
                + "{\"input\":0,\"scores\":[0.5],\"input_spikes\":3,\"channel\":{},\"warnings\":[]}\n");
        LoihiException e = assertThrows(LoihiException.class, () -> RunJournal.resume(file, header(40)));
        assertEquals(HostErrors.RUN_RESUME, e.code());
        assertEquals("run journal written by an older version of loihi: file=" + file + ", format=loihi-run-journal/1, expected="
                + RunJournal.FORMAT + " (run again without --resume)", e.getMessage());
    }

    @Test
    void shouldNameAJournalOfANewerVersionWithoutCallingItOld() throws IOException {
        Path file = RunJournal.of(dir.resolve("r.json"));
        Files.writeString(file, "{\"format\":\"loihi-run-journal/3\",\"chain\":\"later\"}\n");
        LoihiException e = assertThrows(LoihiException.class, () -> RunJournal.resume(file, header(40)));
        assertTrue(e.getMessage().startsWith("run journal written by another version of loihi: file=" + file
                + ", format=loihi-run-journal/3,"), e.getMessage());
    }
}
