package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The trace written as the steps run is the trace written from memory, and needs no memory that grows with the steps. */
class TraceStreamerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<Named<Path>> fixtures() throws IOException {
        return Stream.concat(RawFixtureTest.casesIn("raw"), RawFixtureTest.casesIn("raw_population"));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void shouldWriteTheSameBytesAsTheTraceHeldInMemoryForTheFixtures(Path network) throws IOException {
        Assumptions.assumeTrue(network != null, "fixtures absent");
        RawNetwork raw = RawNetworkReader.read(network);
        String expected = TraceWriter.toJson(Emulator.runRaw(raw));
        for (long chunkBytes : new long[] {TraceStreamer.CHUNK_BYTES, 1}) {
            Path out = dir.resolve("trace-" + chunkBytes + ".json");
            TraceStreamer.write(raw, out, TraceStreamer.allKinds(), 1, raw.steps(), chunkBytes);
            assertEquals(expected, Files.readString(out), "chunk bytes " + chunkBytes);
        }
    }

    /** A seeded network of two blocks, bias-driven and input-driven, that spikes, leaks and wraps nothing. */
    static String network(long seed, int steps, int n) {
        Random r = new Random(seed);
        StringBuilder times = new StringBuilder("[");
        for (int a = 0; a < 4; a++) {
            times.append(a > 0 ? ", [" : "[");
            boolean first = true;
            for (int t = 1; t <= steps; t++) {
                if (r.nextInt(5) == 0) {
                    times.append(first ? "" : ", ").append(t);
                    first = false;
                }
            }
            times.append(']');
        }
        times.append(']');
        StringBuilder in = new StringBuilder("[");
        StringBuilder hidden = new StringBuilder("[");
        for (int a = 0; a < 4; a++) {
            in.append(a > 0 ? ", [" : "[");
            for (int c = 0; c < n; c++) {
                in.append(c > 0 ? ", " : "").append(r.nextInt(200) - 40);
            }
            in.append(']');
        }
        for (int a = 0; a < n; a++) {
            hidden.append(a > 0 ? ", [" : "[");
            for (int c = 0; c < n; c++) {
                hidden.append(c > 0 ? ", " : "").append(r.nextInt(120) - 60);
            }
            hidden.append(']');
        }
        return "{\"steps\": " + steps + ", \"blocks\": ["
                + "{\"name\": \"a\", \"n\": " + n + ", \"vth_mant\": 80, \"decay_u\": 1024, \"decay_v\": 128, \"bias_mant\": 30,"
                + " \"refract_delay\": 2},"
                + "{\"name\": \"b\", \"n\": " + n + ", \"vth_mant\": 60, \"decay_u\": 2048, \"decay_v\": 256}],"
                + " \"inputs\": [{\"name\": \"in\", \"n_axons\": 4, \"spike_times\": " + times + "}],"
                + " \"synapses\": [{\"pre\": \"in\", \"post\": \"a\", \"weights\": " + in + "]" + ", \"weight_exp\": 0},"
                + " {\"pre\": \"a\", \"post\": \"b\", \"weights\": " + hidden + "]" + ", \"weight_exp\": 0}]}";
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldHoldExactlyTheAskedStepsAndKindsOfTheFullTrace(long seed) throws IOException {
        Random r = new Random(seed);
        int steps = 50 + r.nextInt(150);
        RawNetwork raw = RawNetworkReader.read(network(seed, steps, 12), "seeded");
        Trace full = Emulator.runRaw(raw);
        assertFalse(full.block("b").spikeTimes()[0].length == 0 && full.block("a").spikeTimes()[0].length == 0);
        int from = 1 + r.nextInt(steps);
        int to = from + r.nextInt(steps - from + 1);
        List<ProbeKind> all = List.of(ProbeKind.values());
        Set<ProbeKind> kinds = EnumSet.noneOf(ProbeKind.class);
        while (kinds.isEmpty()) {
            for (ProbeKind k : all) {
                if (r.nextBoolean()) {
                    kinds.add(k);
                }
            }
        }
        Path out = dir.resolve("range.json");
        TraceStreamer.write(raw, out, kinds, from, to, 1 + r.nextInt(2000));
        JsonNode t = JSON.readTree(out.toFile());
        assertEquals(to - from + 1, t.get("steps").asInt());
        assertEquals(from == 1 && to == steps ? null : from, t.has("first_step") ? t.get("first_step").asInt() : null);
        for (String name : List.of("a", "b")) {
            BlockTrace b = full.block(name);
            JsonNode block = t.get("blocks").get(name);
            assertEquals(kinds.contains(ProbeKind.SPIKES), block.has("spike_times"));
            assertEquals(kinds.contains(ProbeKind.VOLTAGE), block.has("voltage"));
            assertEquals(kinds.contains(ProbeKind.CURRENT), block.has("current"));
            for (int c = 0; c < b.compartments(); c++) {
                if (kinds.contains(ProbeKind.SPIKES)) {
                    int[] expected = Arrays.stream(b.spikeTimes()[c]).filter(s -> s >= from && s <= to).toArray();
                    assertArrayEquals(expected, ints(block.get("spike_times").get(c)));
                    assertEquals(expected.length, block.get("spike_counts").get(c).asInt());
                }
                if (kinds.contains(ProbeKind.VOLTAGE)) {
                    assertArrayEquals(Arrays.copyOfRange(b.voltage()[c], from - 1, to),
                            ints(block.get("voltage").get(c)));
                }
                if (kinds.contains(ProbeKind.CURRENT)) {
                    assertArrayEquals(Arrays.copyOfRange(b.current()[c], from - 1, to),
                            ints(block.get("current").get(c)));
                }
            }
        }
    }

    private static int[] ints(JsonNode row) {
        int[] out = new int[row.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = row.get(i).asInt();
        }
        return out;
    }

    /**
     * 20,000 steps of 200 compartments: v and u alone are 32 MB as ints, more than the 24 MB heap
     * the forked JVM gets; the trace held in memory could not be written there.
     */
    @Test
    void shouldWriteATraceLargerThanTheHeapInASmallHeap() throws Exception {
        int steps = 20_000;
        Path network = dir.resolve("big.json");
        Files.writeString(network, network(7, steps, 100));
        Path out = dir.resolve("big.trace.json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m", "-cp", System.getProperty("java.class.path"), TraceStreamerMain.class.getName(),
                network.toString(), out.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "forked JVM did not end");
        assertEquals(0, p.exitValue(), output);
        // read a row a line, as written: every voltage row of block b holds every step
        int rows = 0;
        try (BufferedReader in = Files.newBufferedReader(out)) {
            boolean inB = false;
            boolean inVoltage = false;
            for (String line; (line = in.readLine()) != null; ) {
                String trimmed = line.trim();
                inB |= trimmed.startsWith("\"b\": {");
                if (inB && trimmed.startsWith("\"voltage\": [")) {
                    inVoltage = true;
                } else if (inVoltage && trimmed.startsWith("[")) {
                    assertEquals(steps, trimmed.chars().filter(ch -> ch == ',').count() + (trimmed.endsWith(",") ? 0 : 1));
                    rows++;
                } else if (inVoltage) {
                    break;
                }
            }
        }
        assertEquals(100, rows);
    }
}
