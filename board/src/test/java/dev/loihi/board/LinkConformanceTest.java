package dev.loihi.board;

import dev.loihi.snips.link.HostSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.InProcessLink;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.OverflowPolicy;
import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One suite, every link: the same runs must give the same spikes, probes and channel counts
 * in process and over TCP (Aeron's TestMediaDriver idea: one switch, same system tests).
 */
class LinkConformanceTest {
    private static final int AXONS = 400;
    private static final int STEPS = 50;
    private static final LinkOptions OPTIONS = LinkOptions.defaults().withIoTimeoutMs(10_000);
    private static EmulatorServer server;

    enum Kind {
        IN_PROCESS, TCP;

        BoardLink open() {
            BoardLink link = this == IN_PROCESS ? InProcessLink.open() : TcpLink.to("127.0.0.1", server.port(), OPTIONS);
            link.connect();
            return link;
        }
    }

    @BeforeAll
    static void startServer() {
        server = EmulatorServer.start(ServerOptions.loopback(0));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static SpikeSchedule schedule(long seed, int steps, int maxPerStep) {
        Random random = new Random(seed);
        SpikeSchedule.Builder b = SpikeSchedule.builder(steps);
        for (int t = 0; t < steps; t++) {
            for (int i = random.nextInt(maxPerStep + 1); i > 0; i--) {
                b.add(t, 0, random.nextInt(AXONS));
            }
        }
        return b.build();
    }

    private static RunResult precompute(Kind kind, Image image, RunSpec spec, SpikeSchedule input) {
        try (BoardLink link = kind.open()) {
            link.upload(image);
            return link.runPrecompute(spec, input);
        }
    }

    private static RunResult interactive(Kind kind, Image image, RunSpec spec, SpikeSchedule input) {
        try (BoardLink link = kind.open()) {
            link.upload(image);
            return link.runInteractive(spec, (step, previous, in) -> {
                for (int i = input.start(step); i < input.end(step); i++) {
                    in.spike(input.port(i), input.axon(i));
                }
            });
        }
    }

    @Test
    void shouldGiveIdenticalSpikesProbesAndCountsInProcessAndOverTcp() {
        Image image = RelayImage.build(AXONS, 2);
        SpikeSchedule input = schedule(42, STEPS, 700);
        RunSpec spec = RunSpec.of(STEPS, ChannelConfig.defaults());
        RunResult local = precompute(Kind.IN_PROCESS, image, spec, input);
        RunResult remote = precompute(Kind.TCP, image, spec, input);
        assertEquals(local.probes(), remote.probes());
        assertEquals(local.channel(), remote.channel());
        assertEquals(local.warnings(), remote.warnings());
        assertTrue(local.probe(RelayImage.OUTPUT_SPIKES).totalSpikes() > 0);
    }

    @Test
    void shouldGiveIdenticalResultsInInteractiveModeInProcessAndOverTcp() {
        Image image = RelayImage.build(AXONS, 1);
        SpikeSchedule input = schedule(43, STEPS, 300);
        RunSpec spec = RunSpec.of(STEPS, ChannelConfig.defaults());
        assertEquals(interactive(Kind.IN_PROCESS, image, spec, input).probes(),
                interactive(Kind.TCP, image, spec, input).probes());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldLoseNoSpikeWhateverTheCap(Kind kind) {
        Image image = RelayImage.build(AXONS, 2);
        SpikeSchedule input = schedule(44, 20, 900);
        RunResult one = precompute(kind, image, RunSpec.of(20, ChannelConfig.split(1)), input);
        RunResult fifty = precompute(kind, image, RunSpec.of(20, ChannelConfig.split(50)), input);
        RunResult big = precompute(kind, image, RunSpec.of(20, ChannelConfig.split(10_000)), input);
        assertEquals(one.probes(), fifty.probes());
        assertEquals(one.probes(), big.probes());
        assertEquals(one.channel().spikesSent(), big.channel().spikesDelivered());
        assertEquals(fifty.channel().spikesSent(), fifty.channel().spikesDelivered());
        assertEquals(0, one.channel().spikesDropped() + fifty.channel().spikesDropped() + big.channel().spikesDropped());
        assertTrue(fifty.channel().multiPacketSteps() > 0);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldFailStepOfTenTimesTheCapWithSnipOverflow(Kind kind) {
        Image image = RelayImage.build(AXONS, 1);
        SpikeSchedule.Builder b = SpikeSchedule.builder(8);
        // 400 axons: 400 spikes + 100 fan-out spikes = 500 on chip 0 = 10 x cap 50.
        for (int a = 0; a < AXONS; a++) {
            b.add(5, 0, a);
        }
        LoihiException e = assertThrows(LoihiException.class, () -> precompute(kind, image,
                RunSpec.of(8, new ChannelConfig(50, OverflowPolicy.FAIL)), b.build()));
        assertEquals(SnipErrors.SNIP_OVERFLOW, e.code());
        assertTrue(e.getMessage().contains("step=5") && e.getMessage().contains("spikes=500")
                && e.getMessage().contains("cap=50"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldCountDropsUnderDrop(Kind kind) {
        Image image = RelayImage.build(AXONS, 1);
        SpikeSchedule input = schedule(45, 10, 300);
        RunResult r = precompute(kind, image, RunSpec.of(10, new ChannelConfig(50, OverflowPolicy.DROP)), input);
        RunResult whole = precompute(kind, image, RunSpec.of(10, ChannelConfig.defaults()), input);
        assertEquals(whole.channel().spikesSent(), r.channel().spikesSent() + r.channel().spikesDropped());
        assertTrue(r.channel().spikesDropped() > 0);
        assertEquals(r.channel().spikesSent(), r.channel().spikesDelivered());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldSumChannelCountsOverTheSession(Kind kind) {
        try (BoardLink link = kind.open()) {
            link.upload(RelayImage.build(AXONS, 1));
            RunResult a = link.runPrecompute(RunSpec.of(5, ChannelConfig.defaults()), schedule(1, 5, 16));
            RunResult b = link.runPrecompute(RunSpec.of(7, ChannelConfig.defaults()), schedule(2, 7, 16));
            assertEquals(a.channel().plus(b.channel()), link.statistics());
        }
    }

    /** Small frames: one step's packets span several frames and outputs come back in many batches. */
    @Test
    void shouldGiveSameResultsWithSmallestFramesAsWithDefaultFrames() {
        int small = ProtocolDescriptor.MIN_MAX_FRAME_BYTES;
        Image image = RelayImage.build(AXONS, 2);
        SpikeSchedule input = schedule(46, 30, 2000);
        RunSpec spec = RunSpec.of(30, ChannelConfig.split(1));
        RunResult reference = precompute(Kind.IN_PROCESS, image, spec, input);
        try (EmulatorServer smallServer = EmulatorServer.start(ServerOptions.loopback(0)
                .withBoard(EmulatorBoardConfig.withFrameBytes(small)));
             HostSession link = TcpLink.to("127.0.0.1", smallServer.port(), OPTIONS.withMaxFrameBytes(small))) {
            link.connect();
            link.upload(image);
            RunResult r = link.runPrecompute(spec, input);
            assertEquals(reference.probes(), r.probes());
            assertEquals(reference.channel(), r.channel());
            assertTrue(r.channel().packets() * 8L > small, "the run must not fit one frame");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldResetStateBetweenRuns(Kind kind) {
        Supplier<SpikeSchedule> input = () -> schedule(3, 10, 50);
        try (BoardLink link = kind.open()) {
            link.upload(RelayImage.build(AXONS, 1));
            RunSpec keep = RunSpec.of(10, ChannelConfig.defaults()).withResetState(false);
            RunResult first = link.runPrecompute(keep, input.get());
            link.reset();
            RunResult again = link.runPrecompute(keep, input.get());
            assertEquals(first.probes(), again.probes());
        }
    }
}
