package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.snips.ChannelReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs that completed together are recorded with one write and one force; the journal reads as if recorded one by one. */
class RunJournalBatchTest {
    @TempDir
    Path dir;

    private static ObjectNode header() {
        ObjectNode h = new ObjectMapper().createObjectNode();
        h.put("steps_per_input", 40);
        h.put("inputs", 50);
        return h;
    }

    private static Presenter.Presentation presentation(int i) {
        return new Presenter.Presentation(new double[] {0.5 * i, -i}, i, new ChannelReport(40, i, i, 0, i, 1, 40, 2, 0, 0),
                List.of());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldReadBatchesBackAsTheSameJournalAsOneByOne(long seed) throws IOException {
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>(IntStream.range(0, 50).boxed().toList());
        Collections.shuffle(order, random);
        Path batched = dir.resolve("batched.journal");
        Path single = dir.resolve("single.journal");
        try (RunJournal b = RunJournal.start(batched, header()); RunJournal s = RunJournal.start(single, header())) {
            for (int k = 0; k < order.size(); ) {
                SortedMap<Integer, Presenter.Presentation> batch = new TreeMap<>();
                for (int n = 1 + random.nextInt(6); n > 0 && k < order.size(); n--, k++) {
                    batch.put(order.get(k), presentation(order.get(k)));
                }
                b.record(batch);
                // one by one in the order a batch writes its lines: by input index
                batch.forEach(s::record);
            }
        }
        assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(batched));
        try (RunJournal r = RunJournal.resume(batched, header())) {
            assertEquals(50, r.done().size());
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(presentation(i).scores(), r.done().get(i).scores());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 49})
    void shouldRefuseABatchWithAnInputAlreadyRecordedAndWriteNothingOfIt(int again) throws IOException {
        Path file = dir.resolve("r.journal");
        try (RunJournal j = RunJournal.start(file, header())) {
            j.record(again, presentation(again));
            long before = Files.size(file);
            SortedMap<Integer, Presenter.Presentation> batch = new TreeMap<>();
            batch.put(again == 0 ? 1 : again - 1, presentation(1));
            batch.put(again, presentation(again));
            assertThrows(IllegalArgumentException.class, () -> j.record(batch));
            assertEquals(before, Files.size(file));
        }
        try (RunJournal r = RunJournal.resume(file, header())) {
            assertEquals(List.of(again), List.copyOf(r.done().keySet()));
        }
    }
}
