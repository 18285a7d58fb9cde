package dev.loihi.emulator.server;

import dev.loihi.emulator.Emulator;
import java.util.Arrays;

/**
 * One run's host spikes of a step on their way into the emulator: each spike word pair is
 * checked and held ({@link #add}), then all are injected at once ({@link #inject}), a whole
 * {@link ChipIngress} group as its one axon, anything else axon by axon. Exact either way: a
 * group's axon adds what its core axons add (the emulator's axon merger only joins what sums
 * the same). A group is whole when each of its entries arrived exactly once in the step; a
 * dropped or repeated spike leaves it to the axons one by one. Reuses its buffers: a step
 * allocates nothing once they have grown.
 */
final class StepIngress {
    private final ChipIngress ingress;
    /** [chip]: the step's entries, in arrival order. */
    private final int[][] pending;
    private final int[] pendingCount;
    /** [chip][entry]: the step (1-based) the entry last arrived in, to tell a repeat. */
    private final long[][] arrived;
    /** [chip][group]: entries of the group in this step; negative once one repeated. */
    private final int[][] groupCount;
    private long step = 1;

    StepIngress(ChipIngress ingress, int chips) {
        this.ingress = ingress;
        pending = new int[chips][16];
        pendingCount = new int[chips];
        arrived = new long[chips][];
        groupCount = new int[chips][];
        for (int chip = 0; chip < chips; chip++) {
            arrived[chip] = new long[ingress.entries(chip)];
            groupCount[chip] = new int[ingress.groups(chip)];
        }
    }

    /** Holds one spike of {@code chip}; false (nothing held) when the words name no discrete axon the chip has. */
    boolean add(int chip, int addressWord, int typeWord) {
        int e = ingress.entry(chip, addressWord, typeWord);
        if (e < 0) {
            return false;
        }
        int n = pendingCount[chip];
        if (n == pending[chip].length) {
            pending[chip] = Arrays.copyOf(pending[chip], 2 * n);
        }
        pending[chip][n] = e;
        pendingCount[chip] = n + 1;
        int g = ingress.groupOf(chip, e);
        if (g >= 0) {
            groupCount[chip][g] = arrived[chip][e] == step ? Integer.MIN_VALUE : groupCount[chip][g] + 1;
        }
        arrived[chip][e] = step;
        return true;
    }

    /**
     * Forgets what a run that ended part way held (a refused spike leaves its step's spikes
     * here): a session keeps one of these for all its runs, since its buffers are as large as the
     * image's input axons and a run of a few hundred steps should not allocate them anew.
     */
    void startRun() {
        for (int chip = 0; chip < pending.length; chip++) {
            pendingCount[chip] = 0;
            Arrays.fill(groupCount[chip], 0);
        }
        // stamps of the last step are now stale: an entry that arrived then is no repeat
        step++;
    }

    /** Injects the held spikes into {@code emulator} and starts the next step. */
    void inject(Emulator emulator) {
        for (int chip = 0; chip < pending.length; chip++) {
            int[] entries = pending[chip];
            int[] counts = groupCount[chip];
            for (int i = 0, n = pendingCount[chip]; i < n; i++) {
                int e = entries[i];
                int g = ingress.groupOf(chip, e);
                if (g < 0) {
                    emulator.inject(chip, e);
                } else if (counts[g] == ingress.groupSize(chip, g)) {
                    // the group's first entry this step sends the group's axon; the others are in it
                    emulator.inject(chip, ingress.groupAxon(chip, g));
                    counts[g] = -1;
                } else if (counts[g] != -1) {
                    emulator.inject(chip, e);
                }
            }
            for (int i = 0, n = pendingCount[chip]; i < n; i++) {
                int g = ingress.groupOf(chip, entries[i]);
                if (g >= 0) {
                    counts[g] = 0;
                }
            }
            pendingCount[chip] = 0;
        }
        step++;
    }
}
