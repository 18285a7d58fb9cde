package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.host.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {
    private static String drive(boolean terminal, int inputs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress p = ProgressBars.of("run", true, terminal, err)) {
            p.started(inputs, 0);
            for (int i = 1; i <= inputs; i++) {
                p.inputDone(i, 1000.0 * i);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteWholeLinesWhenStderrIsNoTerminal() {
        String log = drive(false, 250);
        assertFalse(log.contains("\r"), log);
        List<String> lines = log.lines().toList();
        assertEquals(10, lines.size(), log);
        assertEquals("run: 250/250 inputs, 250,000 steps/s", lines.get(9));
    }

    @Test
    void shouldSayWhatAResumedRunTookFromTheJournal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = ProgressBars.of("run", true, false, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            p.started(4, 3);
            p.inputDone(4, 10);
        }
        assertEquals(List.of("run: 3/4 inputs from the journal", "run: 4/4 inputs, 10 steps/s"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void shouldRedrawInPlaceOnATerminal() {
        assertTrue(drive(true, 3).contains("\r"));
    }

    @Test
    void shouldSeeThatAPipedStderrIsNoTerminal() {
        // surefire hands the forked JVM a pipe for stderr
        assertFalse(ProgressBars.stderrIsTerminal());
    }
}
