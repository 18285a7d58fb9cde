package dev.loihi.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded input spikes for emulator tests: per axon the 1-based steps it spikes at. */
final class RandomSpikeTimes {
    private RandomSpikeTimes() {}

    /** Each of {@code axons} spikes at each of steps 1..{@code steps} with probability {@code rate}. */
    static int[][] of(Random random, int axons, int steps, double rate) {
        int[][] times = new int[axons][];
        for (int a = 0; a < axons; a++) {
            List<Integer> t = new ArrayList<>();
            for (int s = 1; s <= steps; s++) {
                if (random.nextDouble() < rate) {
                    t.add(s);
                }
            }
            times[a] = t.stream().mapToInt(Integer::intValue).toArray();
        }
        return times;
    }
}
