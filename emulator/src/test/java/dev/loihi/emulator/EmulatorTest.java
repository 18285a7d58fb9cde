package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.ImageErrors;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmulatorTest {

    /** Input "in" (1 axon) drives A[0] with weight 10 (x64); A[0] spikes each step from bias and drives B[0] with 5 (x64). */
    private static RawNetwork chain() {
        RawBlock a = new RawBlock("A", 2, new int[] {4095, 4095}, new int[] {0, 0}, new int[] {1000, 1},
                new int[] {0, 100}, new int[] {0, 0}, new int[] {1, 1}, 0, 7);
        RawBlock b = RawBlock.uniform("B", 1, 4095, 0, 1000, 0, 0, 1, 0, 7);
        return new RawNetwork(10, List.of(a, b), List.of(RawInput.silent("in", 1)), List.of(
                new RawSynapse("in", "A", new int[][] {{10, 0}}, 0),
                new RawSynapse("A", "B", new int[][] {{0}, {5}}, 0)));
    }

    @Test
    void shouldApplyInjectedSpikeOneStepLater() {
        Emulator e = Emulator.load(chain());
        int[] u = new int[2];
        e.inject(0, 0);
        e.step();
        e.readCurrent(0, u);
        assertEquals(0, u[0]);
        e.step();
        e.readCurrent(0, u);
        assertEquals(640, u[0]);
    }

    @Test
    void shouldApplyCompartmentSpikeOneStepLater() {
        Emulator e = Emulator.load(chain());
        int[] spikes = new int[2];
        int[] u = new int[1];
        e.step();
        assertEquals(1, e.readSpikes(0, spikes));
        assertEquals(1, spikes[0]);
        e.readCurrent(1, u);
        assertEquals(0, u[0]);
        e.step();
        e.readCurrent(1, u);
        assertEquals(320, u[0]);
    }

    @Test
    void shouldReportVoltageZeroOnSpikeStep() {
        Emulator e = Emulator.load(chain());
        int[] v = new int[2];
        e.step();
        e.readVoltage(0, v);
        assertArrayEquals(new int[] {0, 0}, v);
    }

    @Test
    void shouldNotSpikeWhenVoltageEqualsThreshold() {
        // bias 640 = vth 10 x 64: v reaches vth exactly at step 1 and passes it at step 2
        RawBlock a = RawBlock.uniform("A", 1, 4095, 0, 10, 10, 6, 1, 0, 7);
        Emulator e = Emulator.load(new RawNetwork(2, List.of(a), List.of(), List.of()));
        int[] spikes = new int[1];
        int[] v = new int[1];
        e.step();
        e.readVoltage(0, v);
        assertEquals(640, v[0]);
        assertEquals(0, e.readSpikes(0, spikes));
        e.step();
        assertEquals(1, e.readSpikes(0, spikes));
    }

    @Test
    void shouldRestartFromZeroAfterReset() {
        Emulator e = Emulator.load(chain());
        e.inject(0, 0);
        e.run(3);
        e.reset();
        assertEquals(0, e.stepCount());
        Emulator fresh = Emulator.load(chain());
        int[] a = new int[2];
        int[] b = new int[2];
        for (int t = 0; t < 5; t++) {
            e.step();
            fresh.step();
            e.readVoltage(0, a);
            fresh.readVoltage(0, b);
            assertArrayEquals(b, a);
        }
    }

    @Test
    void shouldWarnWhenQWrapsAndForgetOnReset() {
        // two synapses of 255 x 2^13 from one axon: q = 4,177,920 leaves 21 bits + sign
        RawBlock a = RawBlock.uniform("A", 1, 4095, 0, 1000, 0, 0, 1, 0, 7);
        RawNetwork raw = new RawNetwork(3, List.of(a), List.of(RawInput.silent("in", 1)), List.of(
                new RawSynapse("in", "A", new int[][] {{255}}, 7), new RawSynapse("in", "A", new int[][] {{255}}, 7)));
        Emulator e = Emulator.load(raw);
        e.inject(0, 0);
        e.run(2);
        int[] u = new int[1];
        e.readCurrent(0, u);
        assertEquals(4_177_920 - (1 << 22), u[0]);
        assertEquals(Set.of(Warning.Q), e.warnings());
        e.reset();
        assertEquals(Set.of(), e.warnings());
    }

    @Test
    void shouldKeepCountingRefractoryStepsWhileCoreRests() {
        // A has no bias, so between inputs its core rests; its refractory counter must still run down
        RawBlock a = RawBlock.uniform("A", 1, 4095, 0, 1, 0, 0, 5, 0, 7);
        int[][] times = {{1, 4, 6, 9}};
        RawNetwork raw = new RawNetwork(12, List.of(a), List.of(new RawInput("in", 1, times)),
                List.of(new RawSynapse("in", "A", new int[][] {{100}}, 0)));
        Trace trace = Emulator.runRaw(raw);
        assertArrayEquals(new int[] {2, 7}, trace.block("A").spikeTimes()[0]);
        assertEquals(java.util.Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(raw), trace));
    }

    @Test
    void shouldAcceptInputSpikeAtLastStepAndNeverDeliverIt() {
        RawBlock a = RawBlock.uniform("A", 1, 4095, 0, 1, 0, 0, 1, 0, 7);
        RawNetwork raw = new RawNetwork(3, List.of(a), List.of(new RawInput("in", 1, new int[][] {{3}})),
                List.of(new RawSynapse("in", "A", new int[][] {{100}}, 0)));
        Trace trace = Emulator.runRaw(raw);
        assertArrayEquals(new int[] {0, 0, 0}, trace.block("A").current()[0]);
        assertArrayEquals(new int[0], trace.block("A").spikeTimes()[0]);
    }

    @Test
    void shouldCountSteps() {
        Emulator e = Emulator.load(chain());
        e.run(7);
        assertEquals(7, e.stepCount());
    }

    @Test
    void shouldExposeBlocksAsOutputPortsAndInputsAsInputPorts() {
        Emulator e = Emulator.load(chain());
        assertEquals(2, e.outputPortCount());
        assertEquals("B", e.outputPortName(1));
        assertEquals(1, e.outputSize(1));
        assertEquals(0, e.inputPortIndex("in"));
        assertEquals(1, e.inputPortSize(0));
    }

    @Test
    void shouldRecordChosenCompartmentsLikeTheFullTrace() {
        RawNetwork raw = RandomRawNetworks.generate(11, false);
        Trace full = Emulator.runRaw(raw);
        Emulator e = Emulator.load(raw);
        RawBlock block = raw.blocks().get(0);
        int last = block.n() - 1;
        Probes p = e.probe(ProbeTarget.compartments(0, last, 0), EnumSet.allOf(ProbeKind.class));
        List<int[][]> times = raw.inputs().stream().map(RawInput::spikeTimes).toList();
        InputSpikesByStep schedule = new InputSpikesByStep(raw.steps(), times);
        for (int t = 1; t <= raw.steps(); t++) {
            schedule.inject(e, t);
            e.step();
        }
        BlockTrace expected = full.block(block.name());
        assertArrayEquals(expected.voltage()[last], p.voltages()[0]);
        assertArrayEquals(expected.current()[0], p.currents()[1]);
        assertArrayEquals(expected.spikeTimes()[last], p.spikeSteps()[0]);
    }

    @Test
    void shouldProbeOutputPortOnLaterCoreOfImage() {
        Image image = RandomImages.generate(17);
        Map<String, int[][]> spikes = RandomImages.spikes(image, 40, 17);
        Trace full = Emulator.runImage(image, spikes, 40);
        Emulator e = Emulator.load(image);
        Probes p = e.probe(ProbeTarget.outputPort(0), EnumSet.of(ProbeKind.VOLTAGE, ProbeKind.CURRENT));
        List<int[][]> times = image.inputs().stream().map(in -> spikes.get(in.name())).toList();
        InputSpikesByStep schedule = new InputSpikesByStep(40, times);
        for (int t = 1; t <= 40; t++) {
            schedule.inject(e, t);
            e.step();
        }
        int last = image.cores().size() - 1;
        BlockTrace expected = full.block(RawExporter.blockName(last, image.cores().get(last).layer()));
        assertEquals(last, p.core(0));
        assertArrayEquals(expected.voltage(), p.voltages());
        assertArrayEquals(expected.current(), p.currents());
    }

    @Test
    void shouldStopRecordingAfterClose() {
        Emulator e = Emulator.load(chain());
        Probes p = e.probe(ProbeTarget.outputPort(0), EnumSet.of(ProbeKind.VOLTAGE));
        e.run(3);
        p.close();
        e.run(3);
        assertEquals(3, p.steps());
    }

    @Test
    void shouldRefuseKindNotRecorded() {
        Emulator e = Emulator.load(chain());
        Probes p = e.probe(ProbeTarget.core(0), EnumSet.of(ProbeKind.SPIKES));
        e.step();
        assertThrows(IllegalStateException.class, p::voltages);
    }

    @Test
    void shouldRejectUnknownInputPort() {
        LoihiException ex = assertThrows(LoihiException.class, () -> Emulator.load(chain()).inject(3, 0));
        assertEquals(EmulatorErrors.EMULATOR_NO_SUCH_PORT, ex.code());
    }

    @Test
    void shouldRejectAxonBeyondInputPort() {
        LoihiException ex = assertThrows(LoihiException.class, () -> Emulator.load(chain()).inject(0, 1));
        assertEquals(EmulatorErrors.EMULATOR_NO_SUCH_PORT, ex.code());
    }

    @Test
    void shouldRejectUnknownOutputPort() {
        LoihiException ex = assertThrows(LoihiException.class, () -> Emulator.load(chain()).readVoltage(5, new int[4]));
        assertEquals(EmulatorErrors.EMULATOR_NO_SUCH_PORT, ex.code());
    }

    @Test
    void shouldRejectProbeOfMissingCompartment() {
        LoihiException ex = assertThrows(LoihiException.class,
                () -> Emulator.load(chain()).probe(ProbeTarget.compartments(1, 4), EnumSet.of(ProbeKind.SPIKES)));
        assertEquals(EmulatorErrors.EMULATOR_NO_SUCH_PORT, ex.code());
    }

    @Test
    void shouldRejectImageWithOutOfRangeRegister() {
        Image good = RawExporterTest.twoAxonImage();
        CoreImage c = good.cores().get(0);
        CoreImage bad = new CoreImage(c.chip(), c.coreOnChip(), c.layer(), c.compartments(), c.vminExp(), c.vmaxExp(),
                c.compartmentProfiles(), new int[] {0}, c.synapseFormats(), c.compartmentProfile(), c.thresholdProfile(),
                c.biasMant(), c.biasExp(), c.inputAxons(), c.routeStart(), c.routeCore(), c.routeAxon());
        Image image = new Image(1, List.of(bad), good.inputs(), good.outputs(), "{}");
        LoihiException ex = assertThrows(LoihiException.class, () -> Emulator.load(image));
        assertEquals(ImageErrors.IMAGE_RANGE, ex.code());
    }

    @Test
    void shouldReadImageOutputPortInPortOrder() {
        Image image = RawExporterTest.twoAxonImage();
        Emulator e = Emulator.load(image);
        e.inject(0, 0);
        e.run(2);
        int[] u = new int[2];
        e.readCurrent(0, u);
        assertArrayEquals(new int[] {6400, 2560}, u);
    }

    @Test
    void shouldRunImageWithNamedInputSpikes() {
        Trace t = Emulator.runImage(RawExporterTest.twoAxonImage(), Map.of("in", new int[][] {{1, 2}}), 3);
        assertArrayEquals(new int[] {0, 6400, 6400}, t.block("c0_hidden").current()[0]);
    }

    @Test
    void shouldNotAllocateWhileStepping() {
        RawNetwork raw = RandomRawNetworks.generate(21, false);
        Emulator e = Emulator.load(raw);
        int inputs = e.inputPortCount();
        for (int t = 0; t < 20_000; t++) {
            if (inputs > 0) {
                e.inject(0, t % e.inputPortSize(0));
            }
            e.step();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int t = 0; t < 20_000; t++) {
            if (inputs > 0) {
                e.inject(0, t % e.inputPortSize(0));
            }
            e.step();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4096, "stepping allocated " + allocated + " bytes");
    }

    @Test
    void shouldReportMemoryOfItsArrays() {
        Emulator e = Emulator.load(chain());
        // 3 compartments: q is 8 bytes, u, v, counters and registers 4 bytes each
        assertTrue(e.memoryBytes() >= 3 * (8 + 4 * 8), "memoryBytes=" + e.memoryBytes());
    }
}
