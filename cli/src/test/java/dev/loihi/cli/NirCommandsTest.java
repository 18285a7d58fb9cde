package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.image.ImageReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compile, inspect, run, evaluate and export-raw on the NIR fixtures (nir/). */
class NirCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRAILLE = "nir/braille_noDelay_noBias_subtract.nir";

    @TempDir
    Path dir;

    /** n samples x steps x inputs of seeded 0/1 spikes at rate 0.1. */
    private Path spikes(String name, int n, int steps, int inputs, long seed) {
        Random random = new Random(seed);
        double[] v = new double[n * steps * inputs];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() < 0.1 ? 1 : 0;
        }
        Path file = dir.resolve(name);
        NpyWriter.write(file, new int[] {n, steps, inputs}, v);
        return file;
    }

    /** The Norse fixture's input spikes (column 0 of lif_exact.csv) as one 1000-step sample. */
    private Path lifInput() throws IOException {
        List<String> rows = Files.readAllLines(TestData.fixture("nir/lif_exact.csv")).stream()
                .filter(l -> !l.isBlank()).toList();
        double[] v = new double[rows.size()];
        for (int t = 0; t < v.length; t++) {
            v[t] = Double.parseDouble(rows.get(t).split(",")[0]);
        }
        Path file = dir.resolve("lif_in.npy");
        NpyWriter.write(file, new int[] {1, v.length, 1}, v);
        return file;
    }

    @Test
    void shouldCompileANirGraphAtTheGivenStepAndReportItsNodes() throws IOException {
        Path img = dir.resolve("braille.img");
        CliRun run = CliRun.of("compile", TestData.fixture(BRAILLE), "--dt", "1e-4", "-o", img).assertOk();
        assertTrue(run.out().contains("lif1.lif") && run.out().contains("CUBA_LIF"), run.out());
        JsonNode meta = JSON.readTree(ImageReader.read(img).metadata());
        assertEquals(1e-4, meta.path("settings").path("dtSeconds").asDouble());
    }

    @Test
    void shouldSayThatTheSpikePathTakesNoResumeAndOneWorker() {
        Path x = spikes("s.npy", 2, 20, 12, 5);
        CliRun.of("run", TestData.fixture(BRAILLE), "--dt", "1e-4", "--input", x, "--results", dir.resolve("r.json"),
                "--resume").assertUserError("RUN_RESUME");
        CliRun run = CliRun.of("run", TestData.fixture(BRAILLE), "--dt", "1e-4", "--input", x, "--workers", "2")
                .assertOk();
        assertTrue(run.out().contains("--workers=2 is not used"), run.out());
    }

    @Test
    void shouldRefuseBadStepsInOneLine() {
        CliRun.of("compile", TestData.fixture(BRAILLE), "--dt", "0", "-o", dir.resolve("b.img"))
                .assertUserError("OPTIONS_INVALID");
        assertTrue(Files.notExists(dir.resolve("b.img")));
    }

    @Test
    void shouldRunSpikeTrainsAndWriteOutputSpikeCounts() throws IOException {
        Path x = spikes("x.npy", 4, 200, 12, 1);
        Path y = dir.resolve("y.npy");
        NpyWriter.write(y, new long[] {0, 1, 2, 3});
        Path results = dir.resolve("R.json");
        CliRun.of("run", TestData.fixture(BRAILLE), "--dt", "1e-4", "--input", x, "--labels", y, "--results", results)
                .assertOk();
        JsonNode r = JSON.readTree(results.toFile());
        assertEquals(4, r.path("output_spike_counts").size());
        assertEquals(7, r.path("output_spike_counts").path(0).size());
        assertEquals(4, r.path("predictions").size());
        assertTrue(r.has("accuracy"));
        assertTrue(r.path("output_spikes").asDouble() > 0, r.toString());
    }

    @Test
    void shouldRateCodeValuesForANirGraph() {
        Path x = dir.resolve("values.npy");
        double[][] values = new double[3][12];
        for (int i = 0; i < 3; i++) {
            java.util.Arrays.fill(values[i], 0.1 * (i + 1));
        }
        NpyWriter.write(x, values);
        CliRun run = CliRun.of("run", TestData.fixture(BRAILLE), "--dt", "1e-4", "--input", x, "--steps-per-input",
                "50").assertOk();
        assertTrue(run.out().contains("3 inputs x 50 steps"), run.out());
    }

    @Test
    void shouldRefuseSpikeTrainsOfTheWrongWidthOrValues() {
        CliRun.of("run", TestData.fixture(BRAILLE), "--dt", "1e-4", "--input", spikes("w.npy", 2, 10, 5, 2))
                .assertUserError("SPIKES_BAD_FILE");
        Path bad = dir.resolve("bad.npy");
        NpyWriter.write(bad, new int[] {1, 2, 12}, new double[24]);
        double[] twos = new double[24];
        twos[3] = 2;
        NpyWriter.write(bad, new int[] {1, 2, 12}, twos);
        CliRun.of("run", TestData.fixture(BRAILLE), "--dt", "1e-4", "--input", bad).assertUserError("SPIKES_BAD_FILE");
    }

    /** The compiled Norse LIF, exported with the fixture's spikes and emulated, spikes where Lava's Loihi run did. */
    @Test
    void shouldExportRawWithInputSpikesThatEmulateToTheLavaLoihiSteps() throws IOException {
        Path img = dir.resolve("lif.img");
        CliRun.of("compile", TestData.fixture("nir/lif_norse.nir"), "--dt", "1e-4", "-o", img).assertOk();
        Path raw = dir.resolve("lif.json");
        CliRun.of("export-raw", img, "--input", lifInput(), "-o", raw).assertOk();
        Path trace = dir.resolve("trace.json");
        CliRun.of("emulate", dir.resolve("lif.0.json"), "--trace", trace).assertOk();
        JsonNode blocks = JSON.readTree(trace.toFile()).path("blocks");
        JsonNode spikeTimes = blocks.elements().next().path("spike_times").path(0);
        assertEquals("[462,512,712,762]", spikeTimes.toString());
    }

    @Test
    void shouldPlotTheLifVoltageAgainstTheExactSolution() throws IOException {
        Path plots = dir.resolve("plots");
        CliRun run = CliRun.of("run", TestData.fixture("nir/lif_norse.nir"), "--dt", "1e-4", "--input", lifInput(),
                "--plots", plots).assertOk();
        assertTrue(run.out().contains("voltage_error_1.png"), run.out());
        for (String png : List.of("voltage_1.png", "voltage_error_1.png")) {
            byte[] bytes = Files.readAllBytes(plots.resolve(png));
            assertTrue(bytes.length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png);
        }
    }

    @Test
    void shouldRunNirEventDataLikeTheSpikeTrainsItBinsTo() throws IOException {
        // Two samples of 12-input events over 30 ms; at dt = 0.1 ms that is 300 steps.
        Random random = new Random(19);
        int events = 200;
        double[][] idx = new double[2][events];
        double[][] time = new double[2][events];
        double[] grid = new double[2 * 300 * 12];
        for (int n = 0; n < 2; n++) {
            for (int e = 0; e < events; e++) {
                int k = random.nextInt(12);
                int step = random.nextInt(300);
                if (grid[(n * 300 + step) * 12 + k] != 0) {
                    idx[n][e] = -1;
                    time[n][e] = Double.POSITIVE_INFINITY;
                    continue;
                }
                grid[(n * 300 + step) * 12 + k] = 1;
                idx[n][e] = k;
                time[n][e] = (step + 0.5) * 1e-4;
            }
        }
        Path npz = dir.resolve("events.npz");
        dev.loihi.compiler.io.EventSpikes.write(npz, idx, time, 12, 300 * 1e-4);
        Path npy = dir.resolve("grid.npy");
        NpyWriter.write(npy, new int[] {2, 300, 12}, grid);
        Path fromEvents = dir.resolve("events.json");
        Path fromGrid = dir.resolve("grid.json");
        CliRun.of("run", TestData.fixture(BRAILLE), "--dt", "1e-4", "--input", npz, "--results", fromEvents).assertOk();
        CliRun.of("run", TestData.fixture(BRAILLE), "--dt", "1e-4", "--input", npy, "--results", fromGrid).assertOk();
        JsonNode a = JSON.readTree(fromEvents.toFile());
        JsonNode b = JSON.readTree(fromGrid.toFile());
        assertEquals(300, a.get("steps_per_input").asInt());
        assertEquals(b.get("output_spike_counts"), a.get("output_spike_counts"));
        assertEquals(b.get("input_spikes"), a.get("input_spikes"));
        // An event file binned at a dt that puts two events of one input in one step is refused.
        CliRun.of("run", TestData.fixture(BRAILLE), "--dt", "1e-2", "--input", npz).assertUserError("SPIKES_BAD_EVENTS");
    }

    @Test
    void shouldInspectAndEvaluateANirGraph() throws IOException {
        CliRun inspect = CliRun.of("inspect", TestData.fixture(BRAILLE), "--dt", "1e-4").assertOk();
        assertTrue(inspect.out().contains("lif2"), inspect.out());
        Path x = spikes("e.npy", 3, 100, 12, 3);
        Path results = dir.resolve("E.json");
        CliRun.of("evaluate", TestData.fixture(BRAILLE), "--dt", "1e-4", "--input", x, "--steps", "50,100",
                "--results", results).assertOk();
        JsonNode curve = JSON.readTree(results.toFile()).path("curve");
        assertEquals(2, curve.size());
        assertEquals(50, curve.path(0).path("steps_per_input").asInt());
    }
}
