package dev.loihi.compiler;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to compile a float network to a validated image (check, discretize, partition, place,
 * pack, metadata, validation), as a distribution of single compilations.
 *
 * <ul>
 *   <li>{@code dense}: 16 x 500 x 500 x 500 x 500 x 500 x 5, SPIKING_RELU hidden, READOUT last
 *       (about 1 million synapses, 14 cores);</li>
 *   <li>{@code fullChip}: 16 -> 128 -> 100,000, SPIKING_RELU, dense (12.8 million synapses):
 *       the 100,000-neuron layer fills about 110 cores to the last synapse-memory word and the
 *       128-neuron layer needs 4 cores for its 14,000 routes, 114 of a chip's 128 cores.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class CompileBenchmark {
    @State(Scope.Benchmark)
    public static class Dense {
        Network network;

        @Setup(Level.Trial)
        public void setUp() {
            network = layers(1, 16, 500, 500, 500, 500, 500, 5);
        }
    }

    @State(Scope.Benchmark)
    public static class FullChip {
        Network network;

        @Setup(Level.Trial)
        public void setUp() {
            network = layers(2, 16, 128, 100_000);
            Image image = Compiler.compile(network).image();
            long compartments = image.cores().stream().mapToLong(c -> c.compartments()).sum();
            System.out.printf("%nfullChip: %d cores, %d compartments%n", image.cores().size(), compartments);
        }
    }

    /** A dense chain with seeded Gaussian weights (sigma 1/sqrt(fan-in)); the last layer is a readout when it is small. */
    static Network layers(long seed, int... widths) {
        Random random = new Random(seed);
        List<Ensemble> ensembles = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        String pre = "in";
        for (int l = 1; l < widths.length; l++) {
            boolean last = l == widths.length - 1;
            String name = "layer" + l;
            NeuronType type = last && widths[l] <= 16 ? NeuronType.READOUT : NeuronType.SPIKING_RELU;
            double[] bias = new double[widths[l]];
            double[][] w = new double[widths[l - 1]][widths[l]];
            double sigma = 1 / Math.sqrt(widths[l - 1]);
            for (double[] row : w) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = sigma * random.nextGaussian();
                }
            }
            ensembles.add(new Ensemble(name, widths[l], type, 0.02, 0, bias));
            connections.add(new Connection(pre, name, w, 0));
            pre = name;
        }
        return new Network("bench", List.of(new Input("in", widths[0])), ensembles, connections, List.of(pre),
                new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, widths[0] / 2, 1.0, "softmax"));
    }

    @Benchmark
    public Image dense(Dense state) {
        return Compiler.compile(state.network).image();
    }

    @Benchmark
    public Image fullChip(FullChip state) {
        return Compiler.compile(state.network).image();
    }
}
