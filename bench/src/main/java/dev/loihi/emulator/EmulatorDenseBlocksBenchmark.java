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

/**
 * Steps per second of the 8,192-compartment network of issue 20 ({@link DenseBlocksNetwork}:
 * 32 blocks of 256, dense 256 x 256 synapses from each block to the next, about 18% spiking
 * per step), where nengo-loihi's emulator measured 103 steps/s on this machine kind. One
 * emulator stepped on {@code steppingThreads} threads ("auto": as
 * {@link LoadedNetwork#newEmulator()} chooses). Setup prints the spike fraction.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class EmulatorDenseBlocksBenchmark {
    private static final int SETTLE_STEPS = 300;
    private static final int SAMPLE_STEPS = 300;

    @Param({"auto"})
    public String steppingThreads = "auto";
    Emulator emulator;

    @Setup(Level.Trial)
    public void setUp() {
        LoadedNetwork network = LoadedNetwork.of(DenseBlocksNetwork.generate(20, SETTLE_STEPS));
        emulator = SteadyState.newEmulator(network, steppingThreads);
        double spiking = SteadyState.spikingFraction(emulator, SETTLE_STEPS, SAMPLE_STEPS);
        System.out.printf("%ndense blocks: %d compartments, %.2f%% spiking per step, memory=%.1f MiB;"
                        + " dense adds: %s; stepping threads: %d; warnings: %s%n",
                emulator.compartmentCount(), 100.0 * spiking,
                emulator.memoryBytes() / (1024.0 * 1024.0), Emulator.denseAdds(), emulator.steppingThreads(),
                emulator.warnings());
    }

    @Benchmark
    public long step() {
        emulator.step();
        return emulator.stepCount();
    }
}
