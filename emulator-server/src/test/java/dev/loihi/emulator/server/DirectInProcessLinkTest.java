package dev.loihi.emulator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.OverflowPolicy;
import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.HostSession;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-process link's direct runs against the protocol on the same image and inputs: every
 * trace, channel report, warning and the running statistics must be the same, run after run
 * (with and without state reset); what the direct path does not take (a step over the cap, a
 * repeated host axon) goes through the protocol and is the same too.
 */
class DirectInProcessLinkTest {
    private static final int STEPS = 60;
    /** A cap no step of these schedules reaches: every run fits one packet per chip and step. */
    private static final ChannelConfig ROOMY = ChannelConfig.split(1000);

    private static final List<Function<Long, Image>> IMAGES = List.of(
            seed -> RelayImage.build(300, 1), seed -> RelayImage.build(300, 2), seed -> StepIngressTest.image());

    /** Each host axon of every port spikes with probability {@code p} in a step, at most once. */
    private static SpikeSchedule schedule(Image image, Random r, double p, boolean repeats) {
        SpikeSchedule.Builder b = SpikeSchedule.builder(STEPS);
        for (int t = 0; t < STEPS; t++) {
            for (int port = 0; port < image.inputs().size(); port++) {
                for (int h = 0; h < image.inputs().get(port).axons(); h++) {
                    if (r.nextDouble() < p) {
                        b.add(t, port, h);
                        if (repeats && r.nextDouble() < 0.1) {
                            b.add(t, port, h);
                        }
                    }
                }
            }
        }
        return b.build();
    }

    private static DirectInProcessLink direct(Image image) {
        DirectInProcessLink link = (DirectInProcessLink) InProcessLink.openDirect(LinkOptions.defaults(),
                EmulatorBoardConfig.defaults(), new SharedNetworks());
        link.connect();
        link.upload(image);
        return link;
    }

    private static HostSession protocol(Image image) {
        HostSession link = InProcessLink.open();
        link.connect();
        link.upload(image);
        return link;
    }

    private static void assertSameRun(RunResult expected, RunResult actual) {
        assertEquals(expected.steps(), actual.steps());
        assertEquals(expected.probes(), actual.probes());
        assertEquals(expected.channel(), actual.channel());
        assertEquals(expected.warnings(), actual.warnings());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldGiveWhatTheProtocolGivesRunAfterRun(long seed) {
        Image image = IMAGES.get((int) (seed % IMAGES.size())).apply(seed);
        Random r = new Random(seed);
        try (DirectInProcessLink direct = direct(image); HostSession protocol = protocol(image)) {
            for (int run = 0; run < 4; run++) {
                SpikeSchedule input = schedule(image, r, 0.05 + 0.3 * r.nextDouble(), false);
                // the second and fourth runs carry on from the state the run before left
                RunSpec spec = RunSpec.of(STEPS, ROOMY).withResetState(run % 2 == 0);
                RunResult expected = protocol.runPrecompute(spec, input);
                assertSameRun(expected, direct.runPrecompute(spec, input));
                assertTrue(expected.channel().spikesSent() > 0, "no spike reached the chip: the run would prove nothing");
            }
            assertEquals(4, direct.directRuns());
            assertEquals(protocol.statistics(), direct.statistics());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void shouldLeaveToTheProtocolWhatItCannotRunDirectly(long seed) {
        Image image = IMAGES.get((int) (seed % IMAGES.size())).apply(seed);
        Random r = new Random(seed);
        try (DirectInProcessLink direct = direct(image); HostSession protocol = protocol(image)) {
            SpikeSchedule repeated = schedule(image, r, 0.3, true);
            RunSpec spec = RunSpec.of(STEPS, ROOMY);
            assertSameRun(protocol.runPrecompute(spec, repeated), direct.runPrecompute(spec, repeated));
            SpikeSchedule busy = schedule(image, r, 0.5, false);
            for (ChannelConfig capped : List.of(new ChannelConfig(3, OverflowPolicy.DROP), ChannelConfig.split(3))) {
                RunSpec small = RunSpec.of(STEPS, capped);
                assertSameRun(protocol.runPrecompute(small, busy), direct.runPrecompute(small, busy));
            }
            // on one chip the split steps are run directly, counted as the channel's packets
            int split = image.chips() == 1 ? 1 : 0;
            assertEquals(split, direct.directRuns(), "every other run needed the protocol");
            // and a run that fits goes direct again, on the state the protocol runs left
            SpikeSchedule fits = schedule(image, r, 0.1, false);
            RunSpec carry = RunSpec.of(STEPS, ROOMY).withResetState(false);
            assertSameRun(protocol.runPrecompute(carry, fits), direct.runPrecompute(carry, fits));
            assertEquals(split + 1, direct.directRuns());
            assertEquals(protocol.statistics(), direct.statistics());
        }
    }

    /**
     * A run that resets the state on one chip is checked step by step as it is stepped: when its
     * last step needs the protocol (an axon twice, or more chip spikes than the cap under the drop
     * policy) the steps taken are dropped and the protocol runs it whole; the run after it,
     * carrying that state on, is the protocol's too. Under the split policy the crowded step is
     * run here, in as many packets as the channel counts.
     */
    @ParameterizedTest
    @ValueSource(longs = {10, 11, 12, 13})
    void shouldHandALateStepToTheProtocolFromTheStart(long seed) {
        Image image = seed % 2 == 0 ? RelayImage.build(300, 1) : StepIngressTest.image();
        Random r = new Random(seed);
        try (DirectInProcessLink direct = direct(image); HostSession protocol = protocol(image)) {
            SpikeSchedule.Builder early = SpikeSchedule.builder(STEPS);
            SpikeSchedule.Builder repeatedLast = SpikeSchedule.builder(STEPS);
            SpikeSchedule.Builder crowdedLast = SpikeSchedule.builder(STEPS);
            int axons = image.inputs().get(0).axons();
            for (int t = 0; t < STEPS - 1; t++) {
                int h = r.nextInt(axons);
                early.add(t, 0, h);
                repeatedLast.add(t, 0, h);
                crowdedLast.add(t, 0, h);
            }
            int twice = r.nextInt(axons);
            repeatedLast.add(STEPS - 1, 0, twice).add(STEPS - 1, 0, twice);
            for (int h = 0; h < axons; h++) {
                crowdedLast.add(STEPS - 1, 0, h);
            }
            RunSpec reset = RunSpec.of(STEPS, ROOMY);
            // the early steps alone fit and go direct; a cap they fit in and the last step's every axon does not
            RunResult alone = protocol.runPrecompute(reset, early.build());
            assertSameRun(alone, direct.runPrecompute(reset, early.build()));
            assertEquals(1, direct.directRuns());
            int cap = (int) alone.channel().peakSpikesPerStep();
            assertSameRun(protocol.runPrecompute(reset, repeatedLast.build()), direct.runPrecompute(reset,
                    repeatedLast.build()));
            for (ChannelConfig capped : List.of(new ChannelConfig(cap, OverflowPolicy.DROP), ChannelConfig.split(cap))) {
                RunSpec small = RunSpec.of(STEPS, capped);
                RunResult expected = protocol.runPrecompute(small, crowdedLast.build());
                assertTrue(expected.channel().overCapSteps() == 1, "the last step must be over the cap: cap=" + cap);
                assertSameRun(expected, direct.runPrecompute(small, crowdedLast.build()));
            }
            assertEquals(2, direct.directRuns(), "the run with a repeat and the dropping one needed the protocol");
            RunSpec carry = RunSpec.of(STEPS, ROOMY).withResetState(false);
            SpikeSchedule fits = schedule(image, r, 0.1, false);
            assertSameRun(protocol.runPrecompute(carry, fits), direct.runPrecompute(carry, fits));
            assertEquals(3, direct.directRuns());
            assertEquals(protocol.statistics(), direct.statistics());
        }
    }

    /**
     * A step's host axons in any order: without a repeat the run goes direct (an ascending step
     * is known to have none, any other is looked at), with one the protocol runs it, wherever
     * in the step the two are.
     */
    @ParameterizedTest
    @ValueSource(longs = {20, 21, 22, 23})
    void shouldTellARepeatInAStepInAnyOrder(long seed) {
        Image image = seed % 2 == 0 ? RelayImage.build(300, 1) : StepIngressTest.image();
        Random r = new Random(seed);
        int axons = image.inputs().get(0).axons();
        try (DirectInProcessLink direct = direct(image); HostSession protocol = protocol(image)) {
            RunSpec spec = RunSpec.of(STEPS, ROOMY);
            int repeatAt = r.nextInt(STEPS);
            for (boolean repeat : new boolean[] {false, true}) {
                SpikeSchedule.Builder b = SpikeSchedule.builder(STEPS);
                for (int t = 0; t < STEPS; t++) {
                    List<Integer> step = new ArrayList<>();
                    for (int h = 0; h < axons; h++) {
                        if (r.nextDouble() < 0.3) {
                            step.add(h);
                        }
                    }
                    for (int h = 0; step.size() < Math.min(3, axons); h++) {
                        if (!step.contains(h)) {
                            step.add(h);
                        }
                    }
                    Collections.shuffle(step, r);
                    if (repeat && t == repeatAt) {
                        // the first axon again, after at least one other
                        step.add(1 + r.nextInt(step.size()), step.get(0));
                    }
                    for (int h : step) {
                        b.add(t, 0, h);
                    }
                }
                SpikeSchedule input = b.build();
                assertSameRun(protocol.runPrecompute(spec, input), direct.runPrecompute(spec, input));
                assertEquals(1, direct.directRuns(), repeat ? "a repeat needs the protocol" : "no repeat: direct");
            }
            assertEquals(protocol.statistics(), direct.statistics());
        }
    }

    @Test
    void shouldRefuseWhatTheProtocolRefuses() {
        Image image = RelayImage.build(300, 1);
        try (BoardLink link = InProcessLink.openDirect(LinkOptions.defaults(), EmulatorBoardConfig.defaults(),
                new SharedNetworks())) {
            link.connect();
            SpikeSchedule input = SpikeSchedule.empty(STEPS);
            LoihiException before = assertThrows(LoihiException.class,
                    () -> link.runPrecompute(RunSpec.of(STEPS, ChannelConfig.defaults()), input));
            assertEquals(SnipErrors.LINK_STATE, before.code());
            link.upload(image);
            LoihiException steps = assertThrows(LoihiException.class,
                    () -> link.runPrecompute(RunSpec.of(STEPS + 1, ChannelConfig.defaults()), input));
            assertEquals(SnipErrors.LINK_BAD_RUN, steps.code());
            SpikeSchedule missing = SpikeSchedule.builder(STEPS).add(3, 0, 300).build();
            LoihiException axon = assertThrows(LoihiException.class,
                    () -> link.runPrecompute(RunSpec.of(STEPS, ChannelConfig.defaults()), missing));
            assertEquals(SnipErrors.SNIP_BAD_INPUT, axon.code());
        }
    }
}
