package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;
import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RawExporterTest {

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldReplayImageBitForBitAsRawNetwork(long seed) {
        Image image = RandomImages.generate(seed);
        Map<String, int[][]> spikes = RandomImages.spikes(image, 60, seed);
        Trace fromImage = Emulator.runImage(image, spikes, 60);
        RawNetwork raw = RawExporter.export(image, spikes, 60);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(fromImage, Emulator.runRaw(raw)));
        assertEquals(Optional.empty(), TraceComparison.firstDifference(fromImage, ReferenceStepper.run(raw)));
    }

    static LongStream fewSeeds() {
        return LongStream.range(1, 11);
    }

    @Test
    void shouldProduceSpikesInRandomImages() {
        long spikes = seeds().map(seed -> {
            Image image = RandomImages.generate(seed);
            Trace t = Emulator.runImage(image, RandomImages.spikes(image, 60, seed), 60);
            return t.blocks().values().stream().flatMapToInt(b -> java.util.Arrays.stream(b.spikeCounts())).sum();
        }).sum();
        assertTrue(spikes > 1000, "random images barely spiked (" + spikes + "); the replay test would prove little");
    }

    @ParameterizedTest
    @MethodSource("fewSeeds")
    void shouldSurviveWritingAndReadingTheExport(long seed) {
        Image image = RandomImages.generate(seed);
        RawNetwork raw = RawExporter.export(image, RandomImages.spikes(image, 30, seed), 30);
        assertEquals(raw, RawNetworkReader.read(RawNetworkWriter.toJson(raw), "export.json"));
    }

    @Test
    void shouldNameBlocksByCoreIndexAndLayer() {
        RawNetwork raw = RawExporter.export(twoAxonImage(), Map.of(), 5);
        assertEquals(List.of("c0_hidden"), raw.blocks().stream().map(RawBlock::name).toList());
    }

    @Test
    void shouldSplitRoutesToTwoAxonsOfOneFormatIntoTwoEntries() {
        RawNetwork raw = RawExporter.export(twoAxonImage(), Map.of(), 5);
        assertEquals(2, raw.synapses().stream().filter(s -> s.pre().equals("in")).count());
    }

    @Test
    void shouldRejectSpikesForUnknownInputPort() {
        LoihiException e = assertThrows(LoihiException.class,
                () -> RawExporter.export(twoAxonImage(), Map.of("nope", new int[][] {{1}}), 5));
        assertEquals(EmulatorErrors.INPUT_UNKNOWN, e.code());
    }

    @Test
    void shouldRejectInputNamedLikeABlock() {
        Image image = twoAxonImage();
        InputPort clash = new InputPort("c0_hidden", 1, new int[] {0, 1}, new int[] {0}, new int[] {0});
        Image clashing = new Image(1, image.cores(), List.of(clash), image.outputs(), "{}");
        LoihiException e = assertThrows(LoihiException.class, () -> RawExporter.export(clashing, Map.of(), 5));
        assertEquals(EmulatorErrors.EXPORT_UNREPRESENTABLE, e.code());
    }

    /** One core of two compartments; input axon 0 reaches two axons of the same format. */
    static Image twoAxonImage() {
        SynapseFormat format = new SynapseFormat(8, SignMode.MIXED, 0, false);
        CoreImage core = new CoreImage(0, 0, "hidden", 2, 0, 7, List.of(new CompartmentProfile(4095, 0, 1)),
                new int[] {10}, List.of(format), new int[2], new int[2], new int[2], new int[2],
                List.of(new InputAxon(0, new int[] {0, 1}, new int[] {100, -20}), new InputAxon(0, new int[] {1}, new int[] {60})),
                new int[] {0, 0, 0}, new int[0], new int[0]);
        InputPort in = new InputPort("in", 1, new int[] {0, 2}, new int[] {0, 0}, new int[] {0, 1});
        OutputPort out = new OutputPort("out", OutputPort.Kind.SPIKES, new int[] {0, 0}, new int[] {0, 1});
        return new Image(1, List.of(core), List.of(in), List.of(out), "{}");
    }
}
