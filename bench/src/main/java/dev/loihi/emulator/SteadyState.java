package dev.loihi.emulator;

import java.util.EnumSet;

/** What the emulator benchmarks share in their setup: the emulator they ask for, and its spiking once settled. */
final class SteadyState {
    private SteadyState() {}

    /** An emulator on {@code steppingThreads} threads: "auto" as {@link LoadedNetwork#newEmulator()} chooses, else the count. */
    static Emulator newEmulator(LoadedNetwork network, String steppingThreads) {
        return steppingThreads.equals("auto") ? network.newEmulator()
                : network.newEmulator(Integer.parseInt(steppingThreads));
    }

    /** Runs {@code settleSteps}, then returns the fraction of compartments that spike per step over {@code sampleSteps}. */
    static double spikingFraction(Emulator emulator, int settleSteps, int sampleSteps) {
        emulator.run(settleSteps);
        Probes spikes = emulator.probe(ProbeTarget.all(), EnumSet.of(ProbeKind.SPIKES), sampleSteps);
        emulator.run(sampleSteps);
        spikes.close();
        long total = 0;
        for (int[] times : spikes.spikeSteps()) {
            total += times.length;
        }
        return (double) total / ((double) spikes.size() * sampleSteps);
    }
}
