package dev.loihi.emulator.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.ProbeKind;
import dev.loihi.emulator.ProbeTarget;
import dev.loihi.emulator.Probes;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;
import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseFormat;
import dev.loihi.snips.SpikeWordDescriptor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host spikes through {@link StepIngress} (a whole group as its one axon) leave the emulator in
 * exactly the state that the same spikes injected core axon by core axon leave it in, whatever
 * part of a group arrives and whether a spike repeats.
 */
class StepIngressTest {
    private static final int FEATURES = 12;

    /**
     * One core of 2 x FEATURES compartments; host axon k reaches core axons 2k and 2k + 1 (the
     * positive and negative halves a conversion makes, over the same compartments), and host
     * axon FEATURES reaches axons 0 and 2, which host axons 0 and 1 also reach: those may not
     * be grouped.
     */
    static Image image() {
        int n = 2 * FEATURES;
        List<InputAxon> axons = new ArrayList<>();
        for (int k = 0; k < FEATURES; k++) {
            int first = Math.min(2 * k, n - 3);
            int[] compartments = {first, first + 1, first + 2};
            axons.add(new InputAxon(0, compartments, new int[] {60 + k, 0, 40}, 0, 0, 0));
            axons.add(new InputAxon(1, compartments, new int[] {0, -70 - k, -30}, 0, 0, 0));
        }
        int[] start = new int[FEATURES + 2];
        List<Integer> axonTargets = new ArrayList<>();
        for (int k = 0; k < FEATURES; k++) {
            axonTargets.add(2 * k);
            axonTargets.add(2 * k + 1);
            start[k + 1] = axonTargets.size();
        }
        axonTargets.add(0);
        axonTargets.add(2);
        start[FEATURES + 1] = axonTargets.size();
        int[] targetAxon = axonTargets.stream().mapToInt(Integer::intValue).toArray();
        InputPort in = new InputPort("in", FEATURES + 1, start, new int[targetAxon.length], targetAxon);
        int[] bias = new int[n];
        for (int c = 0; c < n; c++) {
            bias[c] = (c % 5) * 7;
        }
        CoreImage core = new CoreImage(0, 0, "layer", n, ChipLimits.VMIN_EXP_MAX, ChipLimits.VMAX_EXP_MAX,
                List.of(new CompartmentProfile(4095, 256, 1)), new int[] {180},
                List.of(new SynapseFormat(8, SignMode.EXCITATORY, 0, true), new SynapseFormat(8, SignMode.INHIBITORY, 0, true)),
                new int[n], new int[n], bias, new int[n], axons, new int[n + 1], new int[0], new int[0]);
        int[] all = new int[n];
        for (int c = 0; c < n; c++) {
            all[c] = c;
        }
        return new Image(1, List.of(core), List.of(in),
                List.of(new OutputPort("v", OutputPort.Kind.VOLTAGE, new int[n], all)), "{}");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldLeaveTheSameStateAsCoreAxonsOneByOne(long seed) {
        compareWithCoreAxonsOneByOne(seed, false);
    }

    /**
     * A session keeps its ingress from run to run: a run cut off part way (a refused spike)
     * leaves that step's spikes held, and the next run must start without them, groups counted afresh.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void shouldStartEachRunWithoutWhatACutOffRunHeld(long seed) {
        compareWithCoreAxonsOneByOne(seed, true);
    }

    private void compareWithCoreAxonsOneByOne(long seed, boolean cutRuns) {
        Image image = image();
        ChipIngress ingress = ChipIngress.of(image);
        assertEquals(FEATURES - 2, ingress.groups(0), "host axons 0 and 1 share axons with axon " + FEATURES);
        Emulator grouped = Emulator.load(ingress.chipImage());
        Emulator alone = Emulator.load(ingress.chipImage());
        int steps = 120;
        Probes a = grouped.probe(ProbeTarget.all(), EnumSet.allOf(ProbeKind.class), steps);
        Probes b = alone.probe(ProbeTarget.all(), EnumSet.allOf(ProbeKind.class), steps);
        StepIngress step = new StepIngress(ingress, 1);
        Random r = new Random(seed);
        int discrete = SpikeWordDescriptor.discreteTypeWord();
        int wholeGroups = 0;
        for (int t = 0; t < steps; t++) {
            // a run ends every 10 steps, every other one cut off in a step whose spikes were held
            boolean cut = cutRuns && t % 20 == 19;
            for (int h = 0; h <= FEATURES; h++) {
                double p = r.nextDouble();
                int from = image.inputs().get(0).targetStart()[h];
                int to = image.inputs().get(0).targetStart()[h + 1];
                for (int k = from; k < to; k++) {
                    // mostly whole host axons, as a host sends them; sometimes a half (a dropped spike) or a repeat
                    int copies = p < 0.5 ? 1 : p < 0.6 ? r.nextInt(2) : p < 0.65 ? 1 + r.nextInt(2) : 0;
                    for (int c = 0; c < copies; c++) {
                        int word = SpikeWordDescriptor.addressWord(0, image.inputs().get(0).targetAxon()[k]);
                        assertTrue(step.add(0, word, discrete));
                        if (!cut) {
                            alone.inject(0, ingress.entry(0, word, discrete));
                        }
                    }
                }
                wholeGroups += p < 0.5 && h > 1 && h < FEATURES ? 1 : 0;
            }
            if (!cut) {
                step.inject(grouped);
            }
            if (cutRuns && t % 10 == 9) {
                step.startRun();
            }
            grouped.step();
            alone.step();
        }
        assertTrue(wholeGroups > steps, "too few whole groups to test: " + wholeGroups);
        assertArrayEquals(b.voltages(), a.voltages());
        assertArrayEquals(b.currents(), a.currents());
        assertArrayEquals(b.spikeSteps(), a.spikeSteps());
        assertEquals(alone.warnings(), grouped.warnings());
    }
}
