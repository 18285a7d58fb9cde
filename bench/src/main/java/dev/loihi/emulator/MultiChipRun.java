package dev.loihi.emulator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Builds {@link SyntheticImages#fullChips} for N chips, loads it once, and steps it as one
 * network on each of the thread counts given, one after the other (fresh state each, the same
 * network): the check that 8- and 32-chip networks run, and the speed-up against the thread
 * count, too slow to set up for JMH's forks on a shared machine. Prints, per thread count, wall
 * and CPU time per step (every thread of the process, so spinning workers count) and the ratio
 * to the first count's steps/s.
 *
 * <pre>java -Xmx10g -cp bench/target/benchmarks.jar dev.loihi.emulator.MultiChipRun CHIPS THREADS[,THREADS...] STEPS</pre>
 */
public final class MultiChipRun {
    private MultiChipRun() {}

    public static void main(String[] args) {
        int chips = Integer.parseInt(args[0]);
        String[] threadCounts = args[1].split(",");
        int steps = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        LoadedNetwork network = LoadedNetwork.of(SyntheticImages.fullChips(42, chips));
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        double firstRate = 0;
        for (String count : threadCounts) {
            int threads = Integer.parseInt(count.trim());
            Emulator emulator = network.newEmulator(threads);
            // the first steps wake every core from rest; then the timed ones
            emulator.run(Math.max(1, steps / 2));
            double cpu0 = processCpuNanos();
            long t1 = System.nanoTime();
            emulator.run(steps);
            long t2 = System.nanoTime();
            double cpu1 = processCpuNanos();
            double rate = steps / ((t2 - t1) / 1e9);
            firstRate = firstRate == 0 ? rate : firstRate;
            Runtime rt = Runtime.getRuntime();
            System.out.printf("chips=%d compartments=%d threads=%d adds=%s: loaded in %.1f s, memory=%.1f MiB"
                            + " (state %.1f MiB), heap used=%.0f MiB; %d steps: %.2f ms/step wall, %.1f steps/s"
                            + " (x%.2f of threads=%s), process CPU %.2f ms/step; load average %.1f%n",
                    chips, emulator.compartmentCount(), emulator.steppingThreads(), Emulator.denseAdds(),
                    loadSeconds, emulator.memoryBytes() / 1048576.0, emulator.stateBytes() / 1048576.0,
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0, steps, (t2 - t1) / 1e6 / steps, rate,
                    rate / firstRate, threadCounts[0].trim(), (cpu1 - cpu0) / 1e6 / steps,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** CPU time of every thread of this process (the stepping threads' included). */
    private static double processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
