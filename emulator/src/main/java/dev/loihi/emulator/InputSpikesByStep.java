package dev.loihi.emulator;

import java.util.List;

/**
 * Host input spikes sorted by step, so a run injects step t's spikes with one scan:
 * entries {@code stepStart[t] .. stepStart[t+1]-1} of {@code port}/{@code axon} are sent at step t.
 */
final class InputSpikesByStep {
    private final int[] stepStart;
    private final int[] port;
    private final int[] axon;

    /** {@code spikeTimes.get(p)[a]} lists the 1-based steps at which axon a of port p spikes. */
    InputSpikesByStep(int steps, List<int[][]> spikeTimes) {
        stepStart = new int[steps + 2];
        int total = 0;
        for (int[][] times : spikeTimes) {
            for (int[] axonTimes : times) {
                for (int t : axonTimes) {
                    stepStart[t + 1]++;
                    total++;
                }
            }
        }
        for (int t = 0; t <= steps; t++) {
            stepStart[t + 1] += stepStart[t];
        }
        port = new int[total];
        axon = new int[total];
        int[] fill = stepStart.clone();
        for (int p = 0; p < spikeTimes.size(); p++) {
            int[][] times = spikeTimes.get(p);
            for (int a = 0; a < times.length; a++) {
                for (int t : times[a]) {
                    port[fill[t]] = p;
                    axon[fill[t]++] = a;
                }
            }
        }
    }

    /** Sends step {@code step}'s host spikes (they reach q at step + 1). */
    void inject(Emulator emulator, int step) {
        for (int k = stepStart[step]; k < stepStart[step + 1]; k++) {
            emulator.inject(port[k], axon[k]);
        }
    }
}
