package dev.loihi.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the axons one sender reaches on one core into a single axon whose weights are their
 * sums. A spike is delivered on all of a sender's routes in the same step and q is a plain sum
 * until the step wraps it, so one block of summed weights adds exactly what the separate blocks
 * added. The compiler's mixed-sign connections are the case in point: an excitatory and an
 * inhibitory run over the same compartments, each half zeros, become one run without zeros.
 */
final class AxonMerger {
    /** The builder's axons, read and extended through this view. */
    interface Axons {
        int[] compartments(int core, int axon);

        int[] weights(int core, int axon);

        /** Adds an axon to {@code core} and returns its index. */
        int add(int core, int[] compartments, int[] weights);
    }

    private final Axons axons;
    /** Merged axon of each (core, sorted axons) already made, so senders of the same axons share it. */
    private final Map<List<Integer>, Integer> made = new HashMap<>();
    /** Shorts of synapse memory that merged blocks may still take; keeps memory at most doubled. */
    private long budget;
    /** Scratch of {@link #mergedAxon}, left zero and false between calls: sums by compartment, and which were summed. */
    private long[] sums = new long[1024];
    private boolean[] summed = new boolean[1024];
    private int[] touched = new int[1024];

    AxonMerger(Axons axons, long budgetShorts) {
        this.axons = axons;
        this.budget = budgetShorts;
    }

    /**
     * Rewrites triples (sender, core, axon) so that each sender reaches each core through one
     * axon where that block is smaller than the ones it replaces and its summed weights fit;
     * other triples are kept as they are.
     */
    IntList merge(IntList triples) {
        IntList out = new IntList();
        if (!sendersAscending(triples)) {
            mergeGroups(triples, 0, triples.size(), out);
            return out;
        }
        // each sender's triples are one run: grouped run by run, the same groups in the same order,
        // and a run that reaches no core twice (most, on a many-chip network) is kept as it is
        for (int from = 0, end = triples.size(); from < end; ) {
            int to = from + 3;
            while (to < end && triples.get(to) == triples.get(from)) {
                to += 3;
            }
            if (reachesACoreTwice(triples, from, to)) {
                mergeGroups(triples, from, to, out);
            } else {
                for (int i = from; i < to; i += 3) {
                    add(out, triples.get(i), triples.get(i + 1), triples.get(i + 2));
                }
            }
            from = to;
        }
        return out;
    }

    /** Runs longer than this are grouped by the map without first looking for a repeated core. */
    private static final int RUN_SCAN_MAX = 32;

    private static boolean sendersAscending(IntList triples) {
        for (int i = 3; i < triples.size(); i += 3) {
            if (triples.get(i) < triples.get(i - 3)) {
                return false;
            }
        }
        return true;
    }

    /** Whether two triples of [from, to) name the same core (or the run is too long to look). */
    private static boolean reachesACoreTwice(IntList triples, int from, int to) {
        if (to - from > 3 * RUN_SCAN_MAX) {
            return true;
        }
        for (int i = from + 3; i < to; i += 3) {
            for (int j = from; j < i; j += 3) {
                if (triples.get(i + 1) == triples.get(j + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The triples of [from, to) grouped by (sender, core) in first-seen order, each group merged where it pays. */
    private void mergeGroups(IntList triples, int from, int to, IntList out) {
        Map<Long, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = from; i < to; i += 3) {
            long key = (long) triples.get(i) << 32 | triples.get(i + 1);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(triples.get(i + 2));
        }
        for (Map.Entry<Long, List<Integer>> g : groups.entrySet()) {
            int sender = (int) (g.getKey() >> 32);
            int core = (int) (long) g.getKey();
            List<Integer> list = g.getValue();
            int merged = list.size() > 1 ? mergedAxon(core, list) : -1;
            if (merged >= 0) {
                add(out, sender, core, merged);
            } else {
                for (int axon : list) {
                    add(out, sender, core, axon);
                }
            }
        }
    }

    /**
     * The merged axon for {@code list} on {@code core}, or -1 when its block would not be
     * smaller than theirs together, its weights do not fit a block, or the budget is spent.
     */
    private int mergedAxon(int core, List<Integer> list) {
        List<Integer> key = new ArrayList<>(list.size() + 1);
        key.add(core);
        List<Integer> sorted = new ArrayList<>(list);
        sorted.sort(null);
        key.addAll(sorted);
        Integer known = made.get(key);
        if (known != null) {
            return known;
        }
        // summed per compartment in a scratch array indexed by compartment (a core has at most
        // 1,024): a sorted map of boxed sums was most of what loading the jet tagger allocated
        long partShorts = 0;
        int touchedCount = 0;
        for (int axon : list) {
            int[] c = axons.compartments(core, axon);
            int[] w = axons.weights(core, axon);
            partShorts += SynapseBlock.shorts(c, w);
            for (int k = 0; k < c.length; k++) {
                if (c[k] >= sums.length) {
                    sums = Arrays.copyOf(sums, Math.max(c[k] + 1, 2 * sums.length));
                    summed = Arrays.copyOf(summed, sums.length);
                }
                if (!summed[c[k]]) {
                    summed[c[k]] = true;
                    if (touchedCount == touched.length) {
                        touched = Arrays.copyOf(touched, 2 * touched.length);
                    }
                    touched[touchedCount++] = c[k];
                }
                sums[c[k]] += w[k];
            }
        }
        Arrays.sort(touched, 0, touchedCount);
        int[] compartments = Arrays.copyOf(touched, touchedCount);
        int[] weights = new int[touchedCount];
        boolean fits = true;
        for (int n = 0; n < touchedCount; n++) {
            int c = compartments[n];
            long w = sums[c];
            fits &= w == (int) w;
            weights[n] = (int) w;
            sums[c] = 0;
            summed[c] = false;
        }
        if (!fits) {
            made.put(key, -1);
            return -1;
        }
        int size = SynapseBlock.shorts(compartments, weights);
        int index = -1;
        // only where it reads less: two far-apart dense runs would become one long or sparse block
        if (size < partShorts && SynapseBlock.fits(weights) && size <= budget) {
            budget -= size;
            index = axons.add(core, compartments, weights);
        }
        made.put(key, index);
        return index;
    }

    private static void add(IntList out, int sender, int core, int axon) {
        out.add(sender);
        out.add(core);
        out.add(axon);
    }

    /** Marks every axon some triple names, per core. */
    static boolean[][] used(List<IntList> tripleLists, int[] axonCounts) {
        boolean[][] used = new boolean[axonCounts.length][];
        for (int c = 0; c < axonCounts.length; c++) {
            used[c] = new boolean[axonCounts[c]];
        }
        for (IntList t : tripleLists) {
            for (int i = 0; i < t.size(); i += 3) {
                used[t.get(i + 1)][t.get(i + 2)] = true;
            }
        }
        return used;
    }
}
