package dev.loihi.board;

import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.StepHandler;
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
 * Interactive round trip over loopback TCP: host code sends a step's spikes, the emulator
 * server runs the step and sends its output back, host code sees it and sends the next step.
 * {@code spikes} host spikes go out each step and (echo image) as many come back. One
 * invocation is a run of {@link #STEPS} steps; JMH divides by the steps, so a sample is the
 * mean step of one run, which includes the run's setup and end (one round trip each, 1% of it).
 * The server runs in the benchmark's JVM; {@link LinkPingPong} can also measure against a server
 * in another JVM, and prints the per-step distribution.
 * Channel cap 50, policy split: a 1000-spike step travels as 20 packets.
 * {@code link=tcp} is the host-thread socket {@code tcp://} uses; {@code tcp-netty} the Netty
 * client it replaced (and {@code tls://} uses), kept to compare the two in one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LinkRoundTripBenchmark {
    static final int STEPS = 200;

    @Param({"50", "1000"})
    int spikes;

    @Param({"tcp", "tcp-netty"})
    String link;

    private LinkFixture fixture;
    private RunSpec spec;
    private StepHandler handler;

    @Setup(Level.Trial)
    public void open() {
        fixture = new LinkFixture(link);
        spec = RunSpec.of(STEPS, ChannelConfig.defaults()).withResetState(false);
        int n = spikes;
        handler = (step, previous, in) -> {
            int first = (step * 37) % EchoImage.SIZE;
            for (int i = 0; i < n; i++) {
                in.spike(0, (first + i) % EchoImage.SIZE);
            }
        };
    }

    @TearDown(Level.Trial)
    public void close() {
        fixture.close();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public RunResult step() {
        return fixture.link.runInteractive(spec, handler);
    }
}
