package dev.loihi.emulator.server;

import dev.loihi.snips.link.HostSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.OverflowPolicy;
import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.SpikeBitsDescriptor;
import dev.loihi.snips.link.ProbeTrace;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InProcessLinkTest {
    private static final int AXONS = 300;
    private static final int STEPS = 40;

    private static RunResult run(Image image, RunSpec spec, SpikeSchedule input) {
        try (HostSession link = InProcessLink.open()) {
            link.connect();
            link.upload(image);
            return link.runPrecompute(spec, input);
        }
    }

    /** The link's ingress (one port per chip over core axons) must compute exactly what the image's own ports do. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void shouldMatchTheEmulatorDrivenDirectly(int chips) {
        Image image = RelayImage.build(AXONS, chips);
        SpikeSchedule input = RelayRuns.schedule(chips, STEPS, AXONS, 400);
        RunResult r = run(image, RunSpec.of(STEPS, ChannelConfig.defaults()), input);
        int[][] direct = RelayRuns.direct(image, input);
        ProbeTrace out = r.probe(RelayImage.OUTPUT_SPIKES);
        ProbeTrace volts = r.probe(RelayImage.OUTPUT_VOLTAGE);
        int words = SpikeBitsDescriptor.words(AXONS);
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < AXONS; i++) {
                assertEquals(SpikeBitsDescriptor.isSet(direct[0], t * words, i), out.spiked(t, i), "step " + t + " index " + i);
                assertEquals(direct[1][t * AXONS + i], volts.voltage(t, i), "step " + t + " index " + i);
            }
        }
        assertTrue(out.totalSpikes() > 0, "the relay never fired: the test would prove nothing");
    }

    @Test
    void shouldGiveIdenticalResultsForCapsOfOneFiftyAndTenThousand() {
        Image image = RelayImage.build(AXONS, 2);
        SpikeSchedule input = RelayRuns.schedule(7, STEPS, AXONS, 600);
        RunResult one = run(image, RunSpec.of(STEPS, ChannelConfig.split(1)), input);
        RunResult fifty = run(image, RunSpec.of(STEPS, ChannelConfig.split(50)), input);
        RunResult tenThousand = run(image, RunSpec.of(STEPS, ChannelConfig.split(10_000)), input);
        assertEquals(one.probes(), fifty.probes());
        assertEquals(one.probes(), tenThousand.probes());
        for (RunResult r : new RunResult[] {one, fifty, tenThousand}) {
            ChannelReport c = r.channel();
            assertEquals(0, c.spikesDropped());
            assertEquals(c.spikesSent(), c.spikesDelivered());
        }
        assertTrue(fifty.channel().multiPacketSteps() > 0);
        assertEquals(0, tenThousand.channel().multiPacketSteps());
        assertEquals(STEPS * image.chips(), tenThousand.channel().packets());
    }

    @Test
    void shouldStopWithSnipOverflowNamingStepCountAndCapUnderFail() {
        Image image = RelayImage.build(AXONS, 1);
        // 500 host spikes on axons 0..299 and 0..199: 500 + 125 fan-out spikes for chip 0.
        SpikeSchedule input = RelayRuns.burst(10, 6, 500, AXONS);
        LoihiException e = assertThrows(LoihiException.class,
                () -> run(image, RunSpec.of(10, new ChannelConfig(50, OverflowPolicy.FAIL)), input));
        assertEquals(SnipErrors.SNIP_OVERFLOW, e.code());
        assertTrue(e.getMessage().contains("step=6") && e.getMessage().contains("spikes=625")
                && e.getMessage().contains("cap=50"), e.getMessage());
    }

    @Test
    void shouldKeepSessionUsableAfterOverflowStoppedTheRun() {
        try (HostSession link = InProcessLink.open()) {
            link.connect();
            link.upload(RelayImage.build(AXONS, 1));
            SpikeSchedule burst = RelayRuns.burst(10, 6, 500, AXONS);
            assertThrows(LoihiException.class,
                    () -> link.runPrecompute(RunSpec.of(10, new ChannelConfig(50, OverflowPolicy.FAIL)), burst));
            RunResult r = link.runPrecompute(RunSpec.of(10, ChannelConfig.defaults()), burst);
            assertEquals(625, r.channel().spikesDelivered());
        }
    }

    @Test
    void shouldCountEveryDroppedSpikeUnderDrop() {
        Image image = RelayImage.build(AXONS, 1);
        SpikeSchedule input = RelayRuns.burst(10, 6, 500, AXONS);
        RunResult r = run(image, RunSpec.of(10, new ChannelConfig(50, OverflowPolicy.DROP)), input);
        assertEquals(575, r.channel().spikesDropped());
        assertEquals(50, r.channel().spikesSent());
        assertEquals(50, r.channel().spikesDelivered());
        assertEquals(1, r.channel().overCapSteps());
    }

    @Test
    void shouldGiveSameResultInteractiveAsPrecompute() {
        Image image = RelayImage.build(AXONS, 2);
        SpikeSchedule input = RelayRuns.schedule(3, STEPS, AXONS, 200);
        RunSpec spec = RunSpec.of(STEPS, ChannelConfig.defaults());
        RunResult pre = run(image, spec, input);
        RunResult inter;
        try (HostSession link = InProcessLink.open()) {
            link.connect();
            link.upload(image);
            inter = link.runInteractive(spec, (step, previous, in) -> {
                assertEquals(step - 1, previous.step());
                for (int i = input.start(step); i < input.end(step); i++) {
                    in.spike(input.port(i), input.axon(i));
                }
            });
        }
        assertEquals(pre.probes(), inter.probes());
        assertEquals(pre.channel(), inter.channel());
    }

    @Test
    void shouldLetHostCodeSeeThePreviousStepsOutput() {
        Image image = RelayImage.build(8, 1);
        int[] seen = new int[STEPS];
        RunResult r;
        try (HostSession link = InProcessLink.open()) {
            link.connect();
            link.upload(image);
            r = link.runInteractive(RunSpec.of(STEPS, ChannelConfig.defaults()), (step, previous, in) -> {
                if (step > 0) {
                    seen[step - 1] = previous.spikeCount(0);
                }
                for (int a = 0; a < 8; a++) {
                    in.spike(0, a);
                }
            });
        }
        ProbeTrace out = r.probe(0);
        for (int t = 0; t < STEPS - 1; t++) {
            assertEquals(out.spikeCount(t), seen[t], "step " + t);
        }
    }

    @Test
    void shouldContinueFromLastStateWithoutReset() {
        Image image = RelayImage.build(AXONS, 1);
        SpikeSchedule input = RelayRuns.schedule(5, 20, AXONS, 100);
        RunResult whole = run(image, RunSpec.of(20, ChannelConfig.defaults()), input);
        try (HostSession link = InProcessLink.open()) {
            link.connect();
            link.upload(image);
            SpikeSchedule.Builder a = SpikeSchedule.builder(10);
            SpikeSchedule.Builder b = SpikeSchedule.builder(10);
            for (int t = 0; t < 20; t++) {
                for (int i = input.start(t); i < input.end(t); i++) {
                    (t < 10 ? a : b).add(t % 10, input.port(i), input.axon(i));
                }
            }
            link.runPrecompute(RunSpec.of(10, ChannelConfig.defaults()), a.build());
            RunResult second = link.runPrecompute(RunSpec.of(10, ChannelConfig.defaults()).withResetState(false), b.build());
            for (int t = 0; t < 10; t++) {
                for (int i = 0; i < AXONS; i++) {
                    assertEquals(whole.probe(1).voltage(10 + t, i), second.probe(1).voltage(t, i));
                    assertEquals(whole.probe(0).spiked(10 + t, i), second.probe(0).spiked(t, i));
                }
            }
        }
    }

    @Test
    void shouldRaiseImageErrorCodeForAnImageTheBoardCannotLoad() {
        try (HostSession link = InProcessLink.open()) {
            link.connect();
            Image relay = RelayImage.build(4, 1);
            // Two cores on one chip slot: the writer refuses it before anything is sent.
            Image clash = new Image(1, java.util.List.of(relay.cores().get(0), relay.cores().get(0)), relay.inputs(),
                    relay.outputs(), "{}");
            LoihiException e = assertThrows(LoihiException.class, () -> link.upload(clash));
            assertTrue(e.code().startsWith("IMAGE_"), e.code());
        }
    }

    @Test
    void shouldRefuseRunWhoseScheduleHasOtherSteps() {
        try (HostSession link = InProcessLink.open()) {
            link.connect();
            link.upload(RelayImage.build(4, 1));
            LoihiException e = assertThrows(LoihiException.class,
                    () -> link.runPrecompute(RunSpec.of(5, ChannelConfig.defaults()), SpikeSchedule.empty(4)));
            assertEquals(SnipErrors.LINK_BAD_RUN, e.code());
        }
    }

    @Test
    void shouldRefuseHostSpikeOnMissingAxonAndStayUsable() {
        try (HostSession link = InProcessLink.open()) {
            link.connect();
            link.upload(RelayImage.build(4, 1));
            SpikeSchedule bad = SpikeSchedule.builder(3).add(1, 0, 4).build();
            LoihiException e = assertThrows(LoihiException.class,
                    () -> link.runPrecompute(RunSpec.of(3, ChannelConfig.defaults()), bad));
            assertEquals(SnipErrors.SNIP_BAD_INPUT, e.code());
            RunResult r = link.runPrecompute(RunSpec.of(3, ChannelConfig.defaults()), SpikeSchedule.empty(3));
            assertEquals(3, r.steps());
            assertEquals(3, link.statistics().steps());
        }
    }

    @Test
    void shouldReportSpikeCountsOfTheRun() {
        Image image = RelayImage.build(AXONS, 1);
        SpikeSchedule input = RelayRuns.burst(4, 2, 120, AXONS);
        RunResult r = run(image, RunSpec.of(4, ChannelConfig.split(50)), input);
        ChannelReport c = r.channel();
        assertEquals(120, c.inputSpikes());
        assertEquals(150, c.spikesSent());
        assertEquals(150, c.peakSpikesPerStep());
        assertEquals(1, c.multiPacketSteps());
        assertEquals(3 + 3, c.packets());
        assertEquals(r.probe(0).totalSpikes(), c.spikesReceived());
    }
}
