package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.emulator.BlockTrace;
import dev.loihi.emulator.RawExporter;
import dev.loihi.host.ImageInfo;
import dev.loihi.image.OutputPort;
import java.io.IOException;
import java.nio.file.Files;
import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.RawInput;
import dev.loihi.emulator.RawNetwork;
import dev.loihi.emulator.RawNetworkReader;
import dev.loihi.emulator.Trace;
import dev.loihi.emulator.TraceComparison;
import dev.loihi.emulator.TraceReader;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportRawCommandTest {
    private static final int INPUTS = 3;
    private static final int STEPS_PER_INPUT = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path image;
    private Path x;
    private Path raw;

    @BeforeEach
    void compileAndExport() {
        image = dir.resolve("k3.img");
        CliRun.of("compile", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "-o", image).assertOk();
        x = TestData.standardNormal(dir.resolve("x.npy"), INPUTS, TestData.KERAS_FEATURES, 3);
        CliRun.of("export-raw", image, "--input", x, "--steps-per-input", STEPS_PER_INPUT, "-o",
                dir.resolve("k3.raw.json")).assertOk();
        raw = dir.resolve("k3.raw.0.json");
    }

    @Test
    void shouldExportOneFileOfInputSpikesPerInput() {
        // a raw network holds no reset, so inputs one after another would each start where the last left the chip
        assertTrue(Files.notExists(dir.resolve("k3.raw.json")), "several inputs: one file each, not -o itself");
        for (int i = 0; i < INPUTS; i++) {
            RawNetwork network = RawNetworkReader.read(dir.resolve("k3.raw." + i + ".json"));
            assertEquals(STEPS_PER_INPUT, network.steps());
            assertEquals(1, network.inputs().size());
            RawInput input = network.inputs().get(0);
            // Four staggered axons per sign of each feature (the converter's default).
            assertEquals(2 * 4 * TestData.KERAS_FEATURES, input.axons(), "four on and four off axons per feature");
            int spikes = Arrays.stream(input.spikeTimes()).mapToInt(t -> t.length).sum();
            assertTrue(spikes > 0, "standard-normal inputs send spikes");
        }
    }

    @Test
    void shouldReproduceRunsPredictionForEveryInputWhenEmulated() throws IOException {
        Path results = dir.resolve("R.json");
        CliRun.of("run", image, "--input", x, "--steps-per-input", STEPS_PER_INPUT, "--results", results,
                "--no-progress").assertOk();
        JsonNode r = JSON.readTree(results.toFile());
        Image compiled = ImageReader.read(image);
        int settle = r.path("settle_steps").asInt();
        for (int i = 0; i < INPUTS; i++) {
            Path trace = dir.resolve("k3." + i + ".trace.json");
            CliRun.of("emulate", dir.resolve("k3.raw." + i + ".json"), "--trace", trace).assertOk();
            assertEquals(r.path("predictions").path(i).asInt(), readoutClass(compiled, TraceReader.read(trace), settle),
                    "input " + i);
        }
    }

    @Test
    void shouldNameEachInputsFileInInputOrder() {
        assertEquals(dir.resolve("net.07.json"), ExportRawCommand.fileOf(dir.resolve("net.json"), 7, 12));
        assertEquals(dir.resolve("net.3"), ExportRawCommand.fileOf(dir.resolve("net"), 3, 4));
        assertEquals(dir.resolve("net.0.json"), ExportRawCommand.fileOf(dir.resolve("net.json"), 0, 1));
    }

    /** The class a run reads from the readout's voltages: the largest input summed after the settling steps. */
    private static int readoutClass(Image image, Trace trace, int settle) {
        ImageInfo info = ImageInfo.of(image);
        OutputPort port = image.outputs().get(info.readoutPort());
        long[] sums = new long[info.readoutSize()];
        for (int j = 0; j < sums.length; j++) {
            int core = port.core()[j];
            int[] v = trace.block(RawExporter.blockName(core, image.cores().get(core).layer())).voltage()[port.compartment()[j]];
            for (int t = settle; t < v.length; t++) {
                sums[j] += v[t] - info.kept(t == 0 ? 0 : v[t - 1]);
            }
        }
        int best = 0;
        for (int j = 1; j < sums.length; j++) {
            if (sums[j] > sums[best]) {
                best = j;
            }
        }
        return best;
    }

    @Test
    void shouldRefuseStepsPerInputBelowOne() {
        Path x = dir.resolve("x.npy");
        CliRun.of("export-raw", image, "--input", x, "--steps-per-input", 0, "-o", dir.resolve("never.json"))
                .assertUserError("EXPORT_STEPS");
    }

    /** compile sized the image for 200-step presentations: a longer exported one is refused, nothing written. */
    @Test
    void shouldRefuseAPresentationLongerThanTheImageWasCompiledFor() {
        CliRun r = CliRun.of("export-raw", image, "--input", x, "--steps-per-input", 201, "-o",
                dir.resolve("long.json")).assertUserError("RUN_STEPS");
        assertTrue(r.err().contains("steps=201, maxSteps=200"), r.err());
        assertFalse(Files.exists(dir.resolve("long.0.json")));
        CliRun.of("export-raw", image, "--steps", 300, "-o", dir.resolve("quiet.json")).assertUserError("RUN_STEPS");
        assertFalse(Files.exists(dir.resolve("quiet.json")));
    }

    @Test
    void shouldReplayTheImageBitForBitWhenEmulated() {
        Path tracePath = dir.resolve("k3.trace.json");
        CliRun.of("emulate", raw, "--trace", tracePath).assertOk();
        Trace emulated = TraceReader.read(tracePath);
        RawInput input = RawNetworkReader.read(raw).inputs().get(0);
        Image compiled = ImageReader.read(image);
        Trace direct = Emulator.runImage(compiled, Map.of(input.name(), input.spikeTimes()), STEPS_PER_INPUT);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(direct, emulated));
        assertEquals(compiled.cores().size(), emulated.blocks().size());
        int hiddenSpikes = 0;
        for (Map.Entry<String, BlockTrace> block : emulated.blocks().entrySet()) {
            if (block.getKey().contains("fc1_relu")) {
                hiddenSpikes += Arrays.stream(block.getValue().spikeCounts()).sum();
            }
        }
        assertTrue(hiddenSpikes > 0, "the first layer fires");
    }
}
