package dev.loihi.emulator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Builds {@link SyntheticImages#fullChips} for N chips, steps it as one network on T threads
 * and prints the memory it holds and its speed: the check that 8- and 32-chip networks run,
 * too slow to set up for JMH's forks on a shared machine.
 *
 * <pre>java -Xmx6g -cp bench/target/benchmarks.jar dev.loihi.emulator.MultiChipRun CHIPS THREADS STEPS</pre>
 */
public final class MultiChipRun {
    private MultiChipRun() {}

    public static void main(String[] args) {
        int chips = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        LoadedNetwork network = LoadedNetwork.of(SyntheticImages.fullChips(42, chips));
        Emulator emulator = network.newEmulator(threads);
        long t1 = System.nanoTime();
        // the first steps wake every core from rest; then the timed ones
        emulator.run(Math.max(1, steps / 2));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t2 = System.nanoTime();
        emulator.run(steps);
        long t3 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("chips=%d compartments=%d threads=%d adds=%s: loaded in %.1f s, memory=%.1f MiB"
                        + " (state %.1f MiB), heap used=%.0f MiB; %d steps: %.2f ms/step wall, %.0f steps/s,"
                        + " caller CPU %.2f ms/step; load average %.1f%n",
                chips, emulator.compartmentCount(), emulator.steppingThreads(), Emulator.denseAdds(),
                (t1 - t0) / 1e9, emulator.memoryBytes() / 1048576.0, emulator.stateBytes() / 1048576.0,
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0, steps, (t3 - t2) / 1e6 / steps,
                steps / ((t3 - t2) / 1e9), (c1 - c0) / 1e6 / steps,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
