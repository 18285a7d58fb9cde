package dev.loihi.emulator;

import dev.loihi.host.ImageInfo;
import dev.loihi.host.RateEncoder;
import dev.loihi.image.Image;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Steps per second of the real compiled jet tagger (KERAS_3layer, default conversion) on
 * standard-normal inputs, each presented as the host presents it: state reset, on/off rate
 * coding by the CLI's {@link RateEncoder}, spikes injected on the input port, the readout's
 * voltages read after every step. One operation = one step; an input lasts 200 steps.
 *
 * <p>{@code oneThread} is one emulator; {@code twoThreads} runs independent inputs on two
 * emulators that share one {@link LoadedNetwork} (JMH sums their throughput). {@code conversion}
 * {@code default} is the accuracy-first default (3 replicas per hidden unit, 4 input axons per
 * feature sign: 390 compartments); {@code single} is the network at its own size (134
 * compartments with the bias compartment); {@code -p conversion=FILE.img} steps a compiled image
 * instead (what {@code loihi compile --calibrate} chose, for example).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// the HDF5 reader logs every file it opens at INFO
@Fork(jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
public class EmulatorKerasJetTaggerBenchmark {
    static final int STEPS_PER_INPUT = 200;
    static final int INPUTS = 256;

    /** The compiled image, loaded once for all threads. */
    @State(Scope.Benchmark)
    public static class Network {
        @Param({"default", "single"})
        public String conversion = "default";
        Image image;
        LoadedNetwork network;
        ImageInfo info;

        @Setup(Level.Trial)
        public void setUp() {
            image = KerasJetTagger.image(conversion);
            network = LoadedNetwork.of(image);
            info = ImageInfo.of(image);
            System.out.printf("%nKERAS_3layer (%s): %d cores, %d compartments, shared arrays=%d bytes; dense adds: %s%n",
                    conversion, image.cores().size(), image.cores().stream().mapToInt(c -> c.compartments()).sum(),
                    network.sharedBytes(), Emulator.denseAdds());
        }
    }

    /** One emulator and its own stream of inputs. */
    @State(Scope.Thread)
    public static class Run {
        HostPresentation host;

        @Setup(Level.Trial)
        public void setUp(Network n, ThreadParams thread) {
            setUp(n, thread.getThreadIndex());
        }

        void setUp(Network n, int threadIndex) {
            host = new HostPresentation(n.network, n.info,
                    KerasJetTagger.gaussianInputs(INPUTS, n.info.features(), 11 + threadIndex), STEPS_PER_INPUT);
        }

        int step() {
            return host.step();
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.printf("%nKERAS_3layer emulator: %d steps, %.2f host spikes/step, warnings=%s, state=%d bytes%n",
                    host.steps(), host.hostSpikesPerStep(), host.emulator.warnings(), host.emulator.stateBytes());
        }
    }

    @Benchmark
    @Threads(1)
    public int oneThread(Run run) {
        return run.step();
    }

    @Benchmark
    @Threads(2)
    public int twoThreads(Run run) {
        return run.step();
    }
}
