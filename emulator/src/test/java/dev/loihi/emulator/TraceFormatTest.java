package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFormatTest {

    @Test
    void shouldReadBackWrittenTrace(@TempDir Path dir) {
        Trace trace = Emulator.runRaw(RandomRawNetworks.generate(3, true));
        TraceWriter.write(trace, dir.resolve("t.json"));
        Trace back = TraceReader.read(dir.resolve("t.json"));
        assertEquals(Optional.empty(), TraceComparison.firstDifference(trace, back));
        assertEquals(trace, back);
    }

    @Test
    void shouldWriteWarningsInTheIndependentEmulatorsWords() {
        Trace trace = new Trace(1, EnumSet.of(Warning.U), java.util.Map.of());
        assertTrue(TraceWriter.toJson(trace).contains("\"warnings\": [\"Overflow in current\"]"), TraceWriter.toJson(trace));
    }

    @Test
    void shouldMapWarningTextsToKinds() {
        assertEquals(Optional.of(Warning.Q), Warning.parse("Overflow in q0"));
        assertEquals(Optional.of(Warning.Q), Warning.parse("Overflow in q"));
        assertEquals(Optional.of(Warning.U), Warning.parse("Overflow in current"));
        assertEquals(Optional.of(Warning.U_BIAS), Warning.parse("Overflow in u2"));
        assertEquals(Optional.of(Warning.U_BIAS), Warning.parse("U_BIAS"));
        assertEquals(Optional.empty(), Warning.parse("disk full"));
    }

    @Test
    void shouldRejectVoltageRowOfWrongLength() {
        String json = "{\"steps\": 2, \"warnings\": [], \"blocks\": {\"A\": {\"spike_times\": [[]], "
                + "\"voltage\": [[1]], \"current\": [[0, 0]]}}}";
        LoihiException e = assertThrows(LoihiException.class, () -> TraceReader.read(json, "t.json"));
        assertEquals(EmulatorErrors.TRACE_MALFORMED, e.code());
    }

    @Test
    void shouldRejectUnknownWarning() {
        String json = "{\"steps\": 0, \"warnings\": [\"disk full\"], \"blocks\": {}}";
        LoihiException e = assertThrows(LoihiException.class, () -> TraceReader.read(json, "t.json"));
        assertEquals(EmulatorErrors.TRACE_MALFORMED, e.code());
    }

    @Test
    void shouldRejectSpikeCountsThatDisagreeWithSpikeTimes() {
        String json = "{\"steps\": 1, \"warnings\": [], \"blocks\": {\"A\": {\"spike_times\": [[1]], \"spike_counts\": [2],"
                + " \"voltage\": [[0]], \"current\": [[0]]}}}";
        LoihiException e = assertThrows(LoihiException.class, () -> TraceReader.read(json, "t.json"));
        assertEquals(EmulatorErrors.TRACE_MALFORMED, e.code());
    }

    @Test
    void shouldRejectInvalidJson() {
        LoihiException e = assertThrows(LoihiException.class, () -> TraceReader.read("{", "t.json"));
        assertEquals(EmulatorErrors.TRACE_MALFORMED, e.code());
    }

    @Test
    void shouldReportUnreadableTraceFile(@TempDir Path dir) {
        LoihiException e = assertThrows(LoihiException.class, () -> TraceReader.read(dir.resolve("none.json")));
        assertEquals(EmulatorErrors.TRACE_IO, e.code());
    }

    @Test
    void shouldNameFirstDifferingVoltage() {
        Trace a = Emulator.runRaw(RandomRawNetworks.generate(5, false));
        BlockTrace first = a.blocks().values().iterator().next();
        int[][] voltage = new int[first.voltage().length][];
        for (int c = 0; c < voltage.length; c++) {
            voltage[c] = first.voltage()[c].clone();
        }
        voltage[0][2] += 1;
        java.util.Map<String, BlockTrace> blocks = new java.util.LinkedHashMap<>(a.blocks());
        String name = blocks.keySet().iterator().next();
        blocks.put(name, new BlockTrace(first.spikeTimes(), voltage, first.current()));
        Optional<String> d = TraceComparison.firstDifference(a, new Trace(a.steps(), a.warnings(), blocks));
        assertTrue(d.isPresent() && d.get().contains("voltage") && d.get().contains("step=3"), String.valueOf(d));
    }
}
