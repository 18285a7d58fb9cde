package dev.loihi.emulator;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Steps per second of a jet-tagger-sized image (16 -> 64 -> 32 -> 32 -> 5, 133 compartments)
 * with a few host spikes per step, single thread. One operation = inject + one step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EmulatorJetTaggerBenchmark {
    /** Steps in the repeating input pattern (a power of two). */
    private static final int PATTERN_STEPS = 4096;

    private Emulator emulator;
    private int[] injectStart;
    private int[] injectAxon;
    private int step;
    private long spikesOut;
    private final int[] outSpikes = new int[5];

    @Setup(Level.Trial)
    public void setUp() {
        emulator = Emulator.load(SyntheticImages.jetTagger(42));
        SplittableRandom r = new SplittableRandom(7);
        injectStart = new int[PATTERN_STEPS + 1];
        int[] axons = new int[PATTERN_STEPS * 4];
        int count = 0;
        for (int t = 0; t < PATTERN_STEPS; t++) {
            int spikes = 1 + r.nextInt(4);
            for (int k = 0; k < spikes; k++) {
                axons[count++] = r.nextInt(16);
            }
            injectStart[t + 1] = count;
        }
        injectAxon = java.util.Arrays.copyOf(axons, count);
        Probes spikes = emulator.probe(ProbeTarget.all(), java.util.EnumSet.of(ProbeKind.SPIKES), PATTERN_STEPS);
        for (int t = 0; t < PATTERN_STEPS; t++) {
            step();
        }
        spikes.close();
        long total = 0;
        for (int[] times : spikes.spikeSteps()) {
            total += times.length;
        }
        System.out.printf("%njet tagger: %.2f compartment spikes/step (of 133), %.2f host spikes/step; dense adds: %s%n",
                (double) total / PATTERN_STEPS, (double) count / PATTERN_STEPS, Emulator.denseAdds());
        emulator.reset();
        step = 0;
        spikesOut = 0;
    }

    @Benchmark
    public int step() {
        int t = step++ & (PATTERN_STEPS - 1);
        for (int k = injectStart[t]; k < injectStart[t + 1]; k++) {
            emulator.inject(0, injectAxon[k]);
        }
        emulator.step();
        int fired = emulator.readSpikes(0, outSpikes);
        spikesOut += fired;
        return fired;
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf("%njet tagger: %d steps, %.3f output spikes/step, warnings=%s, memory=%d bytes%n",
                emulator.stepCount(), (double) spikesOut / Math.max(1, emulator.stepCount()), emulator.warnings(),
                emulator.memoryBytes());
    }
}
