package dev.loihi.emulator;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Steps per second of a full chip (128 cores x 1024 compartments, about 10% spiking per step,
 * 4 routes x 16 synapses per spike). {@code step} is one emulator, stepped on
 * {@code steppingThreads} threads ("auto": as {@link LoadedNetwork#newEmulator()} chooses, one
 * per processor here; "1": the caller's thread alone); {@code twoThreads} runs two emulators made
 * by one {@link LoadedNetwork} (independent runs of the same chip, as independent inputs would
 * be) and JMH sums their throughput. {@code chips} > 1 steps that many chips as one network
 * ({@link SyntheticImages#fullChips}: 32 chips take about 1 GB; give the fork {@code -Xmx}).
 * Setup prints the measured spike fraction and the memory the network's arrays hold.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EmulatorFullChipBenchmark {
    private static final int SETTLE_STEPS = 300;
    private static final int SAMPLE_STEPS = 200;

    /** The chip, loaded once for all threads. */
    @State(Scope.Benchmark)
    public static class Chip {
        @Param({"1"})
        public int chips = 1;
        @Param({"auto"})
        public String steppingThreads = "auto";
        LoadedNetwork network;

        @Setup(Level.Trial)
        public void setUp() {
            network = LoadedNetwork.of(SyntheticImages.fullChips(42, chips));
        }

        Emulator newEmulator() {
            return SteadyState.newEmulator(network, steppingThreads);
        }
    }

    /** One emulator of the chip, settled into its steady spiking. */
    @State(Scope.Thread)
    public static class Run {
        Emulator emulator;

        @Setup(Level.Trial)
        public void setUp(Chip chip) {
            emulator = chip.newEmulator();
            double spiking = SteadyState.spikingFraction(emulator, SETTLE_STEPS, SAMPLE_STEPS);
            System.out.printf("%nfull chip x %d: %d compartments, %.2f%% spiking per step, memory=%d bytes (%.1f MiB),"
                            + " of which state=%d bytes (%.1f MiB); dense adds: %s; stepping threads: %d%n",
                    chip.chips, emulator.compartmentCount(), 100.0 * spiking,
                    emulator.memoryBytes(), emulator.memoryBytes() / (1024.0 * 1024.0),
                    emulator.stateBytes(), emulator.stateBytes() / (1024.0 * 1024.0), Emulator.denseAdds(),
                    emulator.steppingThreads());
        }

        long step() {
            emulator.step();
            return emulator.stepCount();
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.printf("%nfull chip after %d steps: warnings=%s%n", emulator.stepCount(), emulator.warnings());
        }
    }

    @Benchmark
    @Threads(1)
    public long step(Run run) {
        return run.step();
    }

    @Benchmark
    @Threads(2)
    public long twoThreads(Run run) {
        return run.step();
    }
}
