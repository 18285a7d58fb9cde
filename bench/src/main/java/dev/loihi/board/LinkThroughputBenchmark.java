package dev.loihi.board;

import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
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
 * Precompute streaming: a run of {@link #STEPS} steps of {@code spikesPerStep} host spikes
 * each, sent ahead in batched frames while the outputs stream back (every spike echoes, so as
 * many come back). The score is host-to-chip spikes per second, end to end: routing,
 * packetizing under the cap, encoding, loopback TCP, decoding, reassembly, the emulator's step
 * and the output's way back. {@code in-process} is the same run without the socket.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LinkThroughputBenchmark {
    static final int STEPS = 1000;
    static final int SPIKES_PER_STEP = 1000;

    @Param({"tcp", "tcp-netty", "in-process"})
    String link;

    @Param({"50", "1000"})
    int cap;

    private LinkFixture fixture;
    private SpikeSchedule input;
    private RunSpec spec;

    @Setup(Level.Trial)
    public void open() {
        fixture = new LinkFixture(link);
        SpikeSchedule.Builder b = SpikeSchedule.builder(STEPS);
        for (int t = 0; t < STEPS; t++) {
            int first = (t * 37) % EchoImage.SIZE;
            for (int i = 0; i < SPIKES_PER_STEP; i++) {
                b.add(t, 0, (first + i) % EchoImage.SIZE);
            }
        }
        input = b.build();
        spec = RunSpec.of(STEPS, ChannelConfig.split(cap)).withResetState(false);
    }

    @TearDown(Level.Trial)
    public void close() {
        fixture.close();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS * SPIKES_PER_STEP)
    public RunResult spikes() {
        return fixture.link.runPrecompute(spec, input);
    }
}
