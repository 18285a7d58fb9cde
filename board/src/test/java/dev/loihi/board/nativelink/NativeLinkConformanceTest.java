package dev.loihi.board.nativelink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.board.TcpLink;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.mailbox.MailboxServer;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.InProcessLink;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.OverflowPolicy;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import dev.loihi.snips.link.StepHandler;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same runs give the same spikes, voltages and channel counts in process, over TCP and
 * through the native driver: the three links share the host and board session code, and the
 * native one adds the C driver and the mailbox between them.
 */
@Timeout(120)
class NativeLinkConformanceTest {
    private static final int AXONS = 80;
    private static final int STEPS = 40;

    private static EmulatorServer tcp;
    private static MailboxServer mailbox;

    @BeforeAll
    static void startBoards() {
        tcp = EmulatorServer.start(ServerOptions.loopback(0));
        mailbox = NativeTestSupport.startServer("conformance", 5000);
    }

    @AfterAll
    static void stopBoards() {
        tcp.close();
        mailbox.close();
    }

    private static BoardLink inProcess() {
        return InProcessLink.open();
    }

    private static BoardLink overTcp() {
        return TcpLink.of("tcp://127.0.0.1:" + tcp.port(), NativeTestSupport.options());
    }

    private static BoardLink nativeLink() {
        return NativeLink.open(NativeTestSupport.target(mailbox, 5000), NativeTestSupport.options());
    }

    /** Seeded host spikes; some steps exceed the cap, so split packets cross every link. */
    private static SpikeSchedule schedule(long seed, int maxPerStep) {
        Random random = new Random(seed);
        SpikeSchedule.Builder b = SpikeSchedule.builder(STEPS);
        for (int t = 0; t < STEPS; t++) {
            for (int i = random.nextInt(maxPerStep + 1); i > 0; i--) {
                b.add(t, 0, random.nextInt(AXONS));
            }
        }
        return b.build();
    }

    private static RunResult precompute(Function<Void, BoardLink> open, Image image, RunSpec spec, SpikeSchedule input) {
        try (BoardLink link = open.apply(null)) {
            link.connect();
            link.upload(image);
            return link.runPrecompute(spec, input);
        }
    }

    private static RunResult interactive(Function<Void, BoardLink> open, Image image, RunSpec spec, SpikeSchedule input) {
        StepHandler handler = (step, previous, in) -> {
            for (int i = input.start(step); i < input.end(step); i++) {
                in.spike(input.port(i), input.axon(i));
            }
        };
        try (BoardLink link = open.apply(null)) {
            link.connect();
            link.upload(image);
            return link.runInteractive(spec, handler);
        }
    }

    @ParameterizedTest(name = "seed {0}, chips {1}, cap {2}")
    @CsvSource({"1, 1, 50", "2, 2, 50", "3, 1, 7", "4, 2, 13"})
    void shouldMatchInProcessAndTcpInPrecompute(long seed, int chips, int cap) {
        Image image = RelayImage.build(AXONS, chips);
        SpikeSchedule input = schedule(seed, 60);
        RunSpec spec = RunSpec.of(STEPS, ChannelConfig.split(cap));
        RunResult expected = precompute(v -> inProcess(), image, spec, input);
        RunResult tcpResult = precompute(v -> overTcp(), image, spec, input);
        RunResult nativeResult = precompute(v -> nativeLink(), image, spec, input);
        assertTrue(expected.probe(RelayImage.OUTPUT_SPIKES).totalSpikes() > 0, "the relay never fired: nothing compared");
        assertEquals(expected.probes(), tcpResult.probes());
        assertEquals(expected.probes(), nativeResult.probes());
        assertEquals(expected.channel(), nativeResult.channel());
        assertEquals(expected.warnings(), nativeResult.warnings());
    }

    @ParameterizedTest(name = "seed {0}, chips {1}")
    @CsvSource({"5, 1", "6, 2"})
    void shouldMatchInProcessAndTcpInteractively(long seed, int chips) {
        Image image = RelayImage.build(AXONS, chips);
        SpikeSchedule input = schedule(seed, 70);
        RunSpec spec = RunSpec.of(STEPS, ChannelConfig.defaults());
        RunResult expected = interactive(v -> inProcess(), image, spec, input);
        assertEquals(expected.probes(), interactive(v -> overTcp(), image, spec, input).probes());
        assertEquals(expected.probes(), interactive(v -> nativeLink(), image, spec, input).probes());
    }

    @Test
    void shouldContinueFromTheLastRunAfterAResetLikeInProcess() {
        Image image = RelayImage.build(AXONS, 1);
        SpikeSchedule input = schedule(9, 40);
        RunSpec first = RunSpec.of(STEPS, ChannelConfig.defaults());
        RunSpec second = first.withResetState(false);
        RunResult[] expected = new RunResult[3];
        RunResult[] got = new RunResult[3];
        try (BoardLink a = inProcess(); BoardLink b = nativeLink()) {
            for (BoardLink link : new BoardLink[] {a, b}) {
                link.connect();
                link.upload(image);
            }
            expected[0] = a.runPrecompute(first, input);
            got[0] = b.runPrecompute(first, input);
            expected[1] = a.runPrecompute(second, input);
            got[1] = b.runPrecompute(second, input);
            a.reset();
            b.reset();
            expected[2] = a.runPrecompute(second, input);
            got[2] = b.runPrecompute(second, input);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i].probes(), got[i].probes(), "run " + i);
        }
        assertEquals(expected[0].probes(), expected[2].probes(), "a reset run should start from zero state");
    }

    @Test
    void shouldFailAnOverflowingStepWithTheSameCodeAsInProcess() {
        Image image = RelayImage.build(AXONS, 1);
        SpikeSchedule input = schedule(11, 60);
        RunSpec spec = RunSpec.of(STEPS, new ChannelConfig(5, OverflowPolicy.FAIL));
        NativeTestSupport.driverPath();
        LoihiException expected = assertThrows(LoihiException.class, () -> precompute(v -> inProcess(), image, spec, input));
        LoihiException got = assertThrows(LoihiException.class, () -> precompute(v -> nativeLink(), image, spec, input));
        assertEquals(expected.code(), got.code());
    }
}
