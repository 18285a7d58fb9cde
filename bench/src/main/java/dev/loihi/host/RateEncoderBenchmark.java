package dev.loihi.host;

import dev.loihi.emulator.KerasJetTagger;
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

/**
 * The host's share of a jet-tagger step that is not the chip's: one step of the {@link RateEncoder}
 * of KERAS_3layer's default conversion (16 features, 4 axons a feature sign: 128 axons) on
 * standard-normal inputs, a new input every 200 steps, the spikes listed into an array with room
 * for every axon as the presenters list them. One operation = one step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@State(Scope.Thread)
public class RateEncoderBenchmark {
    private static final int STEPS_PER_INPUT = 200;
    private RateEncoder encoder;
    private double[][] inputs;
    private int[] axons;
    private int step;
    private int input;

    @Setup(Level.Trial)
    public void setUp() {
        ImageInfo info = ImageInfo.of(KerasJetTagger.image("default"));
        encoder = info.encoder(null);
        inputs = KerasJetTagger.gaussianInputs(256, info.features(), 11);
        axons = new int[encoder.axons()];
    }

    /** Returns the step's spike count so that the work cannot be dropped. */
    @Benchmark
    public int step() {
        if (step++ % STEPS_PER_INPUT == 0) {
            encoder.present(inputs[input++ % inputs.length]);
        }
        return encoder.next(axons);
    }
}
