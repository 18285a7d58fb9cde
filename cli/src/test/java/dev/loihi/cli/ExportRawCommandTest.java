package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.emulator.BlockTrace;
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
    private static final int INPUTS = 2;
    private static final int STEPS_PER_INPUT = 20;

    @TempDir
    Path dir;
    private Path image;
    private Path raw;

    @BeforeEach
    void compileAndExport() {
        image = dir.resolve("k3.img");
        CliRun.of("compile", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "-o", image).assertOk();
        Path x = TestData.standardNormal(dir.resolve("x.npy"), INPUTS, TestData.KERAS_FEATURES, 3);
        raw = dir.resolve("k3.raw.json");
        CliRun.of("export-raw", image, "--input", x, "--steps-per-input", STEPS_PER_INPUT, "-o", raw).assertOk();
    }

    @Test
    void shouldExportInputSpikesForEveryStepOfEveryInput() {
        RawNetwork network = RawNetworkReader.read(raw);
        assertEquals(INPUTS * STEPS_PER_INPUT, network.steps());
        assertEquals(1, network.inputs().size());
        RawInput input = network.inputs().get(0);
        // Four staggered axons per sign of each feature (the converter's default).
        assertEquals(2 * 4 * TestData.KERAS_FEATURES, input.axons(), "four on and four off axons per feature");
        int spikes = Arrays.stream(input.spikeTimes()).mapToInt(t -> t.length).sum();
        assertTrue(spikes > 0, "standard-normal inputs send spikes");
    }

    @Test
    void shouldRefuseStepsPerInputBelowOne() {
        Path x = dir.resolve("x.npy");
        CliRun.of("export-raw", image, "--input", x, "--steps-per-input", 0, "-o", dir.resolve("never.json"))
                .assertUserError("EXPORT_STEPS");
    }

    @Test
    void shouldReplayTheImageBitForBitWhenEmulated() {
        Path tracePath = dir.resolve("k3.trace.json");
        CliRun.of("emulate", raw, "--trace", tracePath).assertOk();
        Trace emulated = TraceReader.read(tracePath);
        RawInput input = RawNetworkReader.read(raw).inputs().get(0);
        Image compiled = ImageReader.read(image);
        Trace direct = Emulator.runImage(compiled, Map.of(input.name(), input.spikeTimes()), INPUTS * STEPS_PER_INPUT);
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
