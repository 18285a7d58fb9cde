package dev.loihi.emulator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The compiled jet tagger's step timed by the stepping thread's CPU time over many short chunks
 * (400 steps, under a millisecond) instead of a few long rounds: on a machine loaded by others a
 * chunk either runs undisturbed or not, so the low percentiles of the chunks are a steadier figure
 * than the median of rounds ({@link EmulatorCpuTime}), which other processes' cache and
 * hyperthread pressure stretch from round to round. Prints the 5th, 10th and 25th percentiles and
 * the median of 3,000 chunks after 300,000 warm-up steps, per conversion.
 *
 * <pre>java -Dloihi.fixtures=PATH -cp bench/target/benchmarks.jar dev.loihi.emulator.EmulatorChunkCpuTime [default|single|FILE.img]...</pre>
 * (default and single when none is named).
 */
public final class EmulatorChunkCpuTime {
    private static final int WARMUP_STEPS = 300_000;
    private static final int CHUNKS = 3_000;
    private static final int CHUNK_STEPS = 400;

    private EmulatorChunkCpuTime() {}

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String conversion : args.length == 0 ? new String[] {"default", "single"} : args) {
            EmulatorKerasJetTaggerBenchmark.Network network = new EmulatorKerasJetTaggerBenchmark.Network();
            network.conversion = conversion;
            network.setUp();
            EmulatorKerasJetTaggerBenchmark.Run run = new EmulatorKerasJetTaggerBenchmark.Run();
            run.setUp(network, 0);
            long sink = 0;
            for (int i = 0; i < WARMUP_STEPS; i++) {
                sink += run.step();
            }
            double[] nsPerStep = new double[CHUNKS];
            for (int c = 0; c < CHUNKS; c++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < CHUNK_STEPS; i++) {
                    sink += run.step();
                }
                nsPerStep[c] = (threads.getCurrentThreadCpuTime() - start) / (double) CHUNK_STEPS;
            }
            Arrays.sort(nsPerStep);
            System.out.printf("%s: ns CPU per step, p5 %.0f, p10 %.0f, p25 %.0f, median %.0f (checksum %d)%n", conversion,
                    nsPerStep[CHUNKS / 20], nsPerStep[CHUNKS / 10], nsPerStep[CHUNKS / 4], nsPerStep[CHUNKS / 2], sink);
        }
    }
}
