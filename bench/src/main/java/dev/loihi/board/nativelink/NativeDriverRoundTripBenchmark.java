package dev.loihi.board.nativelink;

import dev.loihi.emulator.mailbox.MailboxServer;
import dev.loihi.emulator.mailbox.MailboxServerConfig;
import dev.loihi.image.ImageWriter;
import dev.loihi.snips.SpikeWordDescriptor;
import dev.loihi.snips.link.RelayImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One step's round trip through the native driver and the shared-memory mailbox, timed one
 * step at a time (SampleTime, so JMH reports the distribution: p0.50 is the median): the host
 * writes a snip channel packet of {@code spikes} spikes, the emulator board (a server thread in
 * this JVM) applies them, runs the step of the relay image (64 + 64 compartments) and sends the
 * step's spike bits and STEP_DONE back, and the host reads them. Both sides busy-wait briefly,
 * so the two threads want two cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NativeDriverRoundTripBenchmark {
    private static final int AXONS = 64;

    @Param({"50"})
    int spikes;

    /** How long the driver busy-waits before yielding (driver option spin_us). */
    @Param({"50"})
    int spinUs;

    /** How long the board's serving loop busy-waits before yielding. */
    @Param({"50"})
    int boardSpinUs;

    private MailboxServer server;
    private NativeBoard board;
    private int[] words;
    private long step;

    @Setup(Level.Trial)
    public void open() {
        server = MailboxServer.start(MailboxServerConfig.of(
                MailboxServerConfig.defaultFolder().resolve("loihi-bench-" + ProcessHandle.current().pid()))
                .withSpinMicros(boardSpinUs));
        board = NativeDriver.load(NativeDriver.BUILTIN).open(server.driverOptions() + "&spin_us=" + spinUs);
        check(board.writeImage(ImageWriter.write(RelayImage.build(AXONS, 1))), "image");
        check(board.runStart(Integer.MAX_VALUE, DriverStatus.MODE_INTERACTIVE, spikes, true, new int[] {0},
                new int[] {DriverStatus.PROBE_SPIKE_BITS}), "run");
        words = new int[spikes * DriverStatus.WORDS_PER_SPIKE];
        for (int i = 0; i < spikes; i++) {
            words[2 * i] = SpikeWordDescriptor.addressWord(0, i % AXONS);
            words[2 * i + 1] = SpikeWordDescriptor.discreteTypeWord();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        board.runStop();
        board.close();
        server.close();
    }

    @Benchmark
    public long stepRoundTrip() {
        check(board.writePacket(step, 0, 0, 1, words, 0, spikes), "packet");
        long bits = 0;
        while (true) {
            check(board.readPacket(-1), "read");
            if (board.packetKind() == DriverStatus.PACKET_STEP_DONE) {
                step++;
                return bits + board.packetSpikesIn();
            }
            bits += board.packetWords();
        }
    }

    private static void check(int status, String what) {
        if (status != DriverStatus.OK) {
            throw new IllegalStateException(what + ": " + DriverStatus.name(status));
        }
    }
}
