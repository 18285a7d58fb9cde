package dev.loihi.board.nativelink;

import dev.loihi.board.TcpLink;
import dev.loihi.emulator.mailbox.MailboxServer;
import dev.loihi.emulator.mailbox.MailboxServerConfig;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.image.OutputPort;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.ProbeSpec;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.StepHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The interactive step round trip through the whole {@code BoardLink} (host session, snip
 * channel, frames), natively and over loopback TCP side by side, as
 * {@code dev.loihi.board.LinkRoundTripBenchmark} measures TCP: one invocation is an interactive
 * run of {@link #STEPS} steps, each with 50 host spikes (on axons that fan out to one core only,
 * so exactly 50 chip spikes, one packet under the default cap); JMH divides by the steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NativeLinkRoundTripBenchmark {
    static final int STEPS = 200;
    private static final int AXONS = 128;
    private static final int SPIKES = 50;

    @Param({"native", "tcp"})
    String link;

    private AutoCloseable board;
    private BoardLink boardLink;
    private RunSpec spec;
    private StepHandler handler;

    @Setup(Level.Trial)
    public void open() {
        if (link.equals("native")) {
            MailboxServer server = MailboxServer.start(MailboxServerConfig.of(
                    MailboxServerConfig.defaultFolder().resolve("loihi-bench-" + ProcessHandle.current().pid())));
            board = server;
            boardLink = NativeLink.open("native:" + NativeDriver.BUILTIN + "?" + server.driverOptions(),
                    LinkOptions.defaults());
        } else {
            EmulatorServer server = EmulatorServer.start(ServerOptions.loopback(0));
            board = server;
            boardLink = TcpLink.to("127.0.0.1", server.port(), LinkOptions.defaults());
        }
        boardLink.connect();
        boardLink.upload(RelayImage.build(AXONS, 1));
        spec = RunSpec.of(STEPS, ChannelConfig.defaults()).withResetState(false)
                .withProbes(List.of(ProbeSpec.byKind(0, OutputPort.Kind.SPIKES)));
        // Axons that are multiples of 4 also reach the out core: skip them, so 50 host spikes are 50 chip spikes.
        int[] axons = new int[SPIKES];
        for (int i = 0, a = 0; i < SPIKES; a++) {
            if (a % 4 != 0) {
                axons[i++] = a;
            }
        }
        handler = (step, previous, in) -> {
            for (int a : axons) {
                in.spike(0, a);
            }
        };
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        boardLink.close();
        board.close();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public RunResult step() {
        return boardLink.runInteractive(spec, handler);
    }
}
