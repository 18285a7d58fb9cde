package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.emulator.BlockTrace;
import dev.loihi.emulator.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run, evaluate and export-raw on native network files (docs/NATIVE_FORMAT.md) and images compiled from them. */
class NativeCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLASSES = 3;
    private static final int STEPS = 40;

    @TempDir
    Path dir;
    private Path spiking;
    private Path readout;
    private Path trains;
    private Path labels;

    /** Three sensors, each into its own integrate-and-fire neuron; one net reads the neurons' spikes, one a readout. */
    @BeforeEach
    void writeNetworksAndInputs() throws IOException {
        spiking = dir.resolve("spiking.txt");
        Files.writeString(spiking, "input stim 3\nensemble hidden 3 type=relu\nconnect stim hidden weights=1.5\n"
                + "output hidden\n");
        readout = dir.resolve("readout.txt");
        Files.writeString(readout, "input stim 3\nensemble hidden 3 type=relu\nensemble out 3 type=readout\n"
                + "connect stim hidden weights=1.5\nconnect hidden out weights=identity\noutput out\n");
        // sample n: sensor n spikes on half the steps, the others on a tenth
        Random random = new Random(16);
        double[] v = new double[CLASSES * STEPS * CLASSES];
        for (int n = 0; n < CLASSES; n++) {
            for (int t = 0; t < STEPS; t++) {
                for (int k = 0; k < CLASSES; k++) {
                    v[(n * STEPS + t) * CLASSES + k] = random.nextDouble() < (k == n ? 0.5 : 0.1) ? 1 : 0;
                }
            }
        }
        trains = dir.resolve("trains.npy");
        NpyWriter.write(trains, new int[] {CLASSES, STEPS, CLASSES}, v);
        labels = dir.resolve("y.npy");
        NpyWriter.write(labels, new long[] {0, 1, 2});
    }

    @Test
    void shouldRunANativeNetworkOnSpikeTrainsAndReadEachClassFromItsSpikeCounts() throws IOException {
        Path results = dir.resolve("R.json");
        CliRun run = CliRun.of("run", spiking, "--input", trains, "--labels", labels, "--results", results).assertOk();
        JsonNode r = JSON.readTree(results.toFile());
        assertEquals("[0,1,2]", r.path("predictions").toString());
        assertEquals(1.0, r.path("accuracy").asDouble());
        assertEquals(CLASSES, r.path("output_spike_counts").size());
        assertTrue(r.path("output_spikes").asDouble() > 0, r.toString());
        assertTrue(run.out().contains("output spikes from hidden"), run.out());
    }

    @Test
    void shouldRunTheCompiledImageAsTheTextAndExportEachInputToReproduceIt() throws IOException {
        Path image = dir.resolve("spiking.img");
        CliRun.of("compile", spiking, "-o", image).assertOk();
        Path fromText = dir.resolve("text.json");
        Path fromImage = dir.resolve("image.json");
        CliRun.of("run", spiking, "--input", trains, "--results", fromText).assertOk();
        CliRun.of("run", image, "--input", trains, "--results", fromImage).assertOk();
        JsonNode r = JSON.readTree(fromImage.toFile());
        assertEquals(JSON.readTree(fromText.toFile()).path("output_spike_counts"), r.path("output_spike_counts"));

        CliRun.of("export-raw", image, "--input", trains, "-o", dir.resolve("raw.json")).assertOk();
        for (int n = 0; n < CLASSES; n++) {
            Path trace = dir.resolve("trace." + n + ".json");
            CliRun.of("emulate", dir.resolve("raw." + n + ".json"), "--trace", trace).assertOk();
            BlockTrace hidden = TraceReader.read(trace).blocks().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("hidden")).map(Map.Entry::getValue).findFirst().orElseThrow();
            int[] counts = JSON.convertValue(r.path("output_spike_counts").path(n), int[].class);
            assertArrayEquals(counts, hidden.spikeCounts(), "input " + n);
        }
    }

    @Test
    void shouldRateCodeRowsAndReadAReadoutWithoutCallingItSilent() throws IOException {
        Path rows = dir.resolve("rows.npy");
        NpyWriter.write(rows, new double[][] {{0.9, 0.1, 0.1}, {0.1, 0.9, 0.1}, {0.1, 0.1, 0.9}});
        Path results = dir.resolve("R.json");
        CliRun run = CliRun.of("run", readout, "--input", rows, "--steps-per-input", 50, "--labels", labels,
                "--results", results).assertOk();
        JsonNode r = JSON.readTree(results.toFile());
        assertEquals("[0,1,2]", r.path("predictions").toString());
        assertEquals(CLASSES, r.path("output_values").path(0).size());
        assertFalse(run.out().contains("0 output spikes"), run.out());
        assertTrue(run.out().contains("out is a readout"), run.out());
    }

    @Test
    void shouldEvaluateANativeNetworkAtEachLength() throws IOException {
        Path results = dir.resolve("curve.json");
        CliRun.of("evaluate", spiking, "--input", trains, "--labels", labels, "--steps", "10,40", "--results", results)
                .assertOk();
        JsonNode curve = JSON.readTree(results.toFile()).path("curve");
        assertEquals(2, curve.size());
        assertEquals(1.0, curve.path(1).path("accuracy").asDouble());
    }
}
