package dev.loihi.snips;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.ImageValidator;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;
import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Image-like inputs (28 x 28 x 2 on/off axons and more) put thousands of host spikes into one
 * step: the router fans each out to every core it reaches, the channel splits the step over as
 * many packets as the cap needs, and the chip side gets every spike back in order, none dropped.
 */
class ManyInputAxonsTest {

    @ParameterizedTest(name = "{0} axons, cap {1}")
    @CsvSource({"1568, 50", "4000, 50", "4000, 1", "4000, 10000"})
    void shouldCarryEverySpikeOfAStepWithThousandsOfInputAxons(int axons, int cap) {
        Image image = image(axons);
        InputRouter router = new InputRouter(image);
        StepSpikes step = new StepSpikes(2);
        int routed = 0;
        for (int a = 0; a < axons; a++) {
            routed += router.route(0, 0, a, step);
        }
        assertEquals(2L * axons, routed);
        assertEquals(axons, step.spikes(0));
        assertEquals(axons, step.spikes(1));

        ChannelCounters counters = new ChannelCounters();
        PacketAssembler assembler = new PacketAssembler(2, cap);
        int[] ready = {0};
        long packets = new InputChannel(ChannelConfig.split(cap), counters).offer(0, step,
                (s, chip, packet, count, words, first, n) -> {
                    if (assembler.onPacket(s, chip, packet, count, words, first, n) == PacketAssembler.STEP_READY) {
                        ready[0]++;
                    }
                });
        assertEquals(1, ready[0]);
        assertEquals(2L * ((axons + cap - 1) / cap), packets);
        for (int chip = 0; chip < 2; chip++) {
            assertEquals(axons, assembler.spikes().spikes(chip));
            assertArrayEquals(Arrays.copyOf(step.words(chip), 2 * axons),
                    Arrays.copyOf(assembler.spikes().words(chip), 2 * axons));
        }
        ChannelReport report = counters.snapshot();
        assertEquals(2L * axons, report.spikesSent());
        assertEquals(0, report.spikesDropped());
        assertEquals(axons, report.maxSpikesPerStep());
    }

    /** One input port of {@code axons} axons, each reaching an input axon of a core on chip 0 and one on chip 1. */
    private static Image image(int axons) {
        List<CoreImage> cores = new ArrayList<>();
        for (int chip = 0; chip < 2; chip++) {
            int n = 64;
            List<InputAxon> in = new ArrayList<>();
            for (int a = 0; a < axons; a++) {
                in.add(new InputAxon(0, new int[] {a % n}, new int[] {10}));
            }
            cores.add(new CoreImage(chip, 0, "L" + chip, n, 0, 7, List.of(new CompartmentProfile(4095, 0, 1)),
                    new int[] {100}, List.of(new SynapseFormat(8, SignMode.EXCITATORY, 0, false)), new int[n],
                    new int[n], new int[n], new int[n], in, new int[n + 1], new int[0], new int[0]));
        }
        int[] start = new int[axons + 1];
        int[] core = new int[2 * axons];
        int[] axon = new int[2 * axons];
        for (int a = 0; a < axons; a++) {
            start[a + 1] = 2 * (a + 1);
            core[2 * a + 1] = 1;
            axon[2 * a] = a;
            axon[2 * a + 1] = a;
        }
        Image image = new Image(2, cores, List.of(new InputPort("in", axons, start, core, axon)),
                List.of(new OutputPort("out", OutputPort.Kind.SPIKES, new int[] {0}, new int[] {0})), "{}");
        ImageValidator.validate(image);
        return image;
    }
}
