package dev.loihi.compiler.partition;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.image.ChipLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The place pass: assigns cores to chips. Layers are taken in data-flow order (a block after
 * the blocks feeding it; network order breaks ties and cycles), and chips are filled greedily
 * in that order, so consecutive layers share a chip and most spikes stay on it. A layer that
 * would straddle two chips starts on a fresh chip instead, when the chips left still hold every
 * core that remains.
 */
public final class Placer {

    private final int chips;

    public Placer(int chips) {
        this.chips = chips;
    }

    public Placement place(DiscreteNetwork network, Partition partition) {
        int total = partition.totalCores();
        long capacity = (long) ChipLimits.CORES_PER_CHIP * chips;
        if (total > capacity) {
            throw new LoihiException(CompilerErrors.PLACE_TOO_BIG, "model does not fit: cores=" + total + " needed, limit="
                    + ChipLimits.CORES_PER_CHIP + " x n_chips=" + chips + " = " + capacity);
        }
        int[] firstId = partition.firstCoreIds();
        int[] chipOf = new int[total];
        int[] slotOf = new int[total];
        int[] imageIndex = new int[total];
        int chip = 0;
        int used = 0;
        int placed = 0;
        for (int b : layerOrder(network)) {
            int k = partition.blocks().get(b).cores();
            boolean straddles = used > 0 && used + k > ChipLimits.CORES_PER_CHIP && k <= ChipLimits.CORES_PER_CHIP;
            long roomOnLaterChips = (long) (chips - chip - 1) * ChipLimits.CORES_PER_CHIP;
            if (straddles && roomOnLaterChips >= total - placed) {
                chip++;
                used = 0;
            }
            for (int r = 0; r < k; r++) {
                int id = firstId[b] + r;
                chipOf[id] = chip;
                slotOf[id] = used;
                imageIndex[id] = placed++;
                if (++used == ChipLimits.CORES_PER_CHIP) {
                    chip++;
                    used = 0;
                }
            }
        }
        int chipsUsed = used == 0 ? chip : chip + 1;
        return new Placement(chips, Math.max(1, chipsUsed), chipOf, slotOf, imageIndex);
    }

    /** Blocks in data-flow order: Kahn's algorithm, lowest network index first among the ready. */
    static List<Integer> layerOrder(DiscreteNetwork network) {
        int blocks = network.blocks().size();
        int[] waiting = new int[blocks];
        List<List<Integer>> next = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            next.add(new ArrayList<>());
        }
        for (DiscreteConnection c : network.connections()) {
            if (!c.fromInput() && c.preBlock() != c.postBlock()) {
                waiting[c.postBlock()]++;
                next.get(c.preBlock()).add(c.postBlock());
            }
        }
        boolean[] done = new boolean[blocks];
        List<Integer> order = new ArrayList<>();
        while (order.size() < blocks) {
            int pick = -1;
            for (int b = 0; b < blocks && pick < 0; b++) {
                if (!done[b] && waiting[b] == 0) {
                    pick = b;
                }
            }
            if (pick < 0) {
                // A cycle: take its first block in network order.
                for (int b = 0; b < blocks && pick < 0; b++) {
                    if (!done[b]) {
                        pick = b;
                    }
                }
            }
            done[pick] = true;
            order.add(pick);
            for (int t : next.get(pick)) {
                waiting[t]--;
            }
        }
        return order;
    }
}
