package dev.loihi.emulator;

import dev.loihi.compiler.io.DigitImages;
import dev.loihi.host.ImageInfo;
import dev.loihi.image.Image;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Steps per second of the MNIST-size CNN ({@link MnistCnn}) on drawn digits, presented as the
 * host presents them (reset, on/off rate coding by the CLI's {@code RateEncoder}, spikes on the
 * input port, the readout read every step). One operation = one step; an input lasts 200
 * steps. The setup prints what a step carries (compartments, synapse bits, host spikes).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
public class EmulatorMnistCnnBenchmark {
    static final int STEPS_PER_INPUT = 200;
    static final int INPUTS = 100;

    @State(Scope.Benchmark)
    public static class Network {
        Image image;
        LoadedNetwork network;
        ImageInfo info;

        @Setup(Level.Trial)
        public void setUp() {
            image = MnistCnn.compile();
            network = LoadedNetwork.of(image);
            info = ImageInfo.of(image);
            System.out.printf("%nMNIST CNN: %d cores, %d compartments, shared arrays=%d bytes; dense adds: %s%n",
                    image.cores().size(), image.cores().stream().mapToInt(c -> c.compartments()).sum(),
                    network.sharedBytes(), Emulator.denseAdds());
        }
    }

    @State(Scope.Thread)
    public static class Run {
        HostPresentation host;

        @Setup(Level.Trial)
        public void setUp(Network n) {
            host = new HostPresentation(n.network, n.info, DigitImages.draw(INPUTS, 3), STEPS_PER_INPUT);
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.printf("%nMNIST CNN emulator: %d steps, %.1f host spikes/step, warnings=%s%n",
                    host.steps(), host.hostSpikesPerStep(), host.emulator.warnings());
        }
    }

    @Benchmark
    public int oneThread(Run run) {
        return run.host.step();
    }
}
