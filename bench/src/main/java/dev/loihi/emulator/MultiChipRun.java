package dev.loihi.emulator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Builds {@link SyntheticImages#fullChips} for N chips, loads it once, and steps it as one
 * network on each of the thread counts given, one after the other (fresh state each, the same
 * network): the check that 8- and 32-chip networks run, and the speed-up against the thread
 * count, too slow to set up for JMH's forks on a shared machine. Prints, per thread count, wall
 * and CPU time per step (every thread of the process, so spinning workers count) and the ratio
 * to the first count's steps/s; then the CPU per step of the calling thread and of the stepping
 * workers (each steps a shard and spins or parks while it waits), and the wall time per step the
 * caller waited for the workers after its own shard (the barrier): on a loaded machine these say
 * where a step's time goes when the wall clock says mostly what the scheduler did.
 *
 * <pre>java -Xmx10g -cp bench/target/benchmarks.jar dev.loihi.emulator.MultiChipRun CHIPS THREADS[,THREADS...] STEPS</pre>
 * CHIPS {@code dense} steps the dense-blocks network of {@link EmulatorDenseBlocksBenchmark} instead
 * (8,192 compartments), the same way.
 */
public final class MultiChipRun {
    private MultiChipRun() {}

    private static final String USAGE = "usage: MultiChipRun CHIPS|dense THREADS[,THREADS...] STEPS";

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println(USAGE);
            System.exit(2);
        }
        boolean dense = args[0].equals("dense");
        int chips = dense ? 0 : positive(args[0], "CHIPS");
        String[] threadCounts = args[1].split(",");
        for (String count : threadCounts) {
            positive(count.trim(), "THREADS");
        }
        int steps = positive(args[2], "STEPS");
        long t0 = System.nanoTime();
        LoadedNetwork network = dense ? LoadedNetwork.of(DenseBlocksNetwork.generate(20, 300))
                : LoadedNetwork.of(SyntheticImages.fullChips(42, chips));
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        double firstRate = 0;
        for (String count : threadCounts) {
            int threads = Integer.parseInt(count.trim());
            Emulator emulator = network.newEmulator(threads);
            // the first steps wake every core from rest; then the timed ones
            emulator.run(Math.max(1, steps / 2));
            double cpu0 = processCpuNanos();
            long caller0 = THREADS.getCurrentThreadCpuTime();
            long workers0 = workerCpuNanos();
            long wait0 = emulator.barrierWaitNanos();
            long parks0 = emulator.barrierParks();
            long t1 = System.nanoTime();
            emulator.run(steps);
            long t2 = System.nanoTime();
            double cpu1 = processCpuNanos();
            double callerMs = (THREADS.getCurrentThreadCpuTime() - caller0) / 1e6 / steps;
            double workersMs = (workerCpuNanos() - workers0) / 1e6 / steps;
            double waitMs = (emulator.barrierWaitNanos() - wait0) / 1e6 / steps;
            double parks = (double) (emulator.barrierParks() - parks0) / steps;
            double rate = steps / ((t2 - t1) / 1e9);
            firstRate = firstRate == 0 ? rate : firstRate;
            Runtime rt = Runtime.getRuntime();
            System.out.printf("%s compartments=%d threads=%d adds=%s: loaded in %.1f s, memory=%.1f MiB"
                            + " (state %.1f MiB), heap used=%.0f MiB; %d steps: %.2f ms/step wall, %.1f steps/s"
                            + " (x%.2f of threads=%s), process CPU %.2f ms/step; load average %.1f%n",
                    dense ? "dense blocks" : "chips=" + chips, emulator.compartmentCount(), emulator.steppingThreads(),
                    Emulator.denseAdds(),
                    loadSeconds, emulator.memoryBytes() / 1048576.0, emulator.stateBytes() / 1048576.0,
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0, steps, (t2 - t1) / 1e6 / steps, rate,
                    rate / firstRate, threadCounts[0].trim(), (cpu1 - cpu0) / 1e6 / steps,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf("  threads=%d: CPU per step caller %.3f ms, workers %.3f ms; caller waited %.3f ms/step"
                    + " for the workers; %.2f parks/step%n", emulator.steppingThreads(), callerMs, workersMs, waitMs,
                    parks);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A positive integer argument, or the usage and exit status 2. */
    private static int positive(String arg, String name) {
        try {
            int n = Integer.parseInt(arg);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage line
        }
        System.err.println("error: " + name + " must be a positive integer: " + name + "=" + arg + "; " + USAGE);
        System.exit(2);
        return 0;
    }

    /** CPU time of the emulators' stepping threads (those of emulators no longer used park, and add nothing). */
    private static long workerCpuNanos() {
        long sum = 0;
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info != null && info.getThreadName().startsWith("loihi-emulator-shard-") && cpu > 0) {
                sum += cpu;
            }
        }
        return sum;
    }

    /** CPU time of every thread of this process (the stepping threads' included). */
    private static double processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
