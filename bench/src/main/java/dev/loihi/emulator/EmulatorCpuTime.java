package dev.loihi.emulator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The emulator benchmarks' workloads timed by the stepping thread's CPU time instead of the
 * wall clock: on a shared machine other processes stretch wall time (JMH's figure) but not the
 * CPU time the thread itself used, so this gives a steadier figure to compare changes with.
 * Still affected by a busy sibling hyperthread and a shared cache. Prints the median of 7
 * rounds after 3 warm-up rounds.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.loihi.emulator.EmulatorCpuTime [WORKLOAD...]</pre>
 * (add {@code --add-modules jdk.incubator.vector} before {@code -cp} for vector adds). The
 * workloads named ({@code synthetic keras dense cnn chip}) or, with none named, all of them:
 * on a loaded machine the CNN alone takes minutes. An argument ending in {@code .img} is a
 * compiled jet tagger image stepped as {@code keras} steps its conversions (what
 * {@code loihi compile --calibrate} chose, for example), and names no other workload.
 */
public final class EmulatorCpuTime {
    private static final int WARMUP_ROUNDS = 3;
    private static final int ROUNDS = 7;

    private EmulatorCpuTime() {}

    public static void main(String[] args) {
        // the HDF5 reader logs every file it opens at INFO
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.out.println("dense synapse adds: " + Emulator.denseAdds());
        Set<String> named = Set.of(args);
        Predicate<String> wanted = w -> named.isEmpty() || named.contains(w);
        if (wanted.test("synthetic")) {
            synthetic();
        }
        if (wanted.test("keras")) {
            keras("default", "single");
        }
        for (String image : args) {
            if (image.endsWith(".img")) {
                keras(image);
            }
        }
        if (wanted.test("dense")) {
            dense();
        }
        if (wanted.test("cnn")) {
            cnn();
        }
        if (wanted.test("chip")) {
            chip();
        }
    }

    private static void synthetic() {
        EmulatorJetTaggerBenchmark synthetic = new EmulatorJetTaggerBenchmark();
        synthetic.setUp();
        report("synthetic jet tagger (133 compartments)", synthetic::step, 200_000);
    }

    private static void keras(String... conversions) {
        for (String conversion : conversions) {
            EmulatorKerasJetTaggerBenchmark.Network network = new EmulatorKerasJetTaggerBenchmark.Network();
            network.conversion = conversion;
            network.setUp();
            EmulatorKerasJetTaggerBenchmark.Run run = new EmulatorKerasJetTaggerBenchmark.Run();
            run.setUp(network, 0);
            report("compiled KERAS_3layer, " + conversion + " conversion", run::step, 100_000);
        }
    }

    private static void dense() {
        EmulatorDenseBlocksBenchmark dense = new EmulatorDenseBlocksBenchmark();
        dense.steppingThreads = "1";
        dense.setUp();
        report("8,192 compartments in dense blocks", () -> (int) dense.step(), 2_000);
    }

    private static void cnn() {
        EmulatorMnistCnnBenchmark.Network cnn = new EmulatorMnistCnnBenchmark.Network();
        cnn.setUp();
        EmulatorMnistCnnBenchmark.Run cnnRun = new EmulatorMnistCnnBenchmark.Run();
        cnnRun.setUp(cnn);
        report("HGQ MNIST CNN on drawn digits", cnnRun.host::step, 2_000);
    }

    private static void chip() {
        EmulatorFullChipBenchmark.Chip chip = new EmulatorFullChipBenchmark.Chip();
        // the CPU time of this thread alone: the chip on one thread
        chip.steppingThreads = "1";
        chip.setUp();
        EmulatorFullChipBenchmark.Run chipRun = new EmulatorFullChipBenchmark.Run();
        chipRun.setUp(chip);
        report("full chip (131,072 compartments)", () -> (int) chipRun.step(), 100);
    }

    private static void report(String name, IntSupplier step, int stepsPerRound) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] nsPerStep = new double[ROUNDS];
        long sink = 0;
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int t = 0; t < stepsPerRound; t++) {
                sink += step.getAsInt();
            }
            long used = threads.getCurrentThreadCpuTime() - start;
            if (round >= 0) {
                nsPerStep[round] = (double) used / stepsPerRound;
            }
        }
        Arrays.sort(nsPerStep);
        double median = nsPerStep[ROUNDS / 2];
        System.out.printf("%s: %.0f ns CPU per step, %.0f steps per CPU-second (min %.0f, max %.0f ns; checksum %d)%n",
                name, median, 1e9 / median, nsPerStep[0], nsPerStep[ROUNDS - 1], sink);
    }
}
