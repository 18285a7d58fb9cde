package dev.loihi.emulator;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.io.DigitImages;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.phase.Coding;
import dev.loihi.compiler.phase.InputRange;
import dev.loihi.host.ImageInfo;
import dev.loihi.host.Workload;
import dev.loihi.image.Image;
import java.nio.file.Path;
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
 * Steps per second of the HGQ MNIST CNN (fixture {@code keras_quantized/hgq_mnist_homogeneous.h5})
 * phase coded for inputs in [0, 1], as {@code loihi evaluate} compiles it for drawn digits: one
 * chip, about 70,000 compartments. Presented as the host presents it, each digit for the
 * pipeline's length (its readout final). One operation = one step. Needs the fixtures
 * ({@code -Dloihi.fixtures=PATH}); stepped on the threads the emulator picks for its size (two
 * here); the setup prints what a step carries.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
public class EmulatorHgqPhaseBenchmark {
    static final String FIXTURE = "keras_quantized/hgq_mnist_homogeneous.h5";
    static final int INPUTS = 100;

    @State(Scope.Benchmark)
    public static class Network {
        LoadedNetwork network;
        ImageInfo info;

        @Setup(Level.Trial)
        public void setUp() {
            Path model = Fixtures.find(FIXTURE).orElseThrow(() -> new IllegalStateException("skipped: fixture " + FIXTURE
                    + " not found under " + Fixtures.root() + " (set -Dloihi.fixtures=PATH)"));
            Image image = Workload.compile(KerasImporter.load(model, null), null, ConvertOptions.defaults(),
                    CompileOptions.defaults(), Coding.PHASE, new InputRange(0, 1)).image();
            network = LoadedNetwork.of(image);
            info = ImageInfo.of(image);
            System.out.printf("%nHGQ MNIST CNN, phase code: %d cores, %d compartments, pipeline %d steps; dense adds: %s%n",
                    image.cores().size(), image.cores().stream().mapToInt(c -> c.compartments()).sum(),
                    info.phase().pipelineSteps(), Emulator.denseAdds());
        }
    }

    @State(Scope.Thread)
    public static class Run {
        HostPresentation host;

        @Setup(Level.Trial)
        public void setUp(Network n) {
            host = new HostPresentation(n.network, n.info, DigitImages.draw(INPUTS, 3), n.info.phase().pipelineSteps());
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.printf("%nHGQ MNIST CNN emulator: %d steps, %.1f host spikes/step, warnings=%s%n",
                    host.steps(), host.hostSpikesPerStep(), host.emulator.warnings());
        }
    }

    @Benchmark
    public int step(Run run) {
        return run.host.step();
    }
}
