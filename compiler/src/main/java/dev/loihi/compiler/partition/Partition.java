package dev.loihi.compiler.partition;

import java.util.List;

/**
 * Output of {@link Partitioner}: one {@link BlockSplit} per block, in block order. Cores get
 * partition ids in that order: block 0's cores first, then block 1's, and so on.
 */
public record Partition(List<BlockSplit> blocks) {
    public Partition {
        blocks = List.copyOf(blocks);
    }

    public int totalCores() {
        int total = 0;
        for (BlockSplit split : blocks) {
            total += split.cores();
        }
        return total;
    }

    /** Partition id of each block's first core, plus the total at the end. */
    public int[] firstCoreIds() {
        int[] first = new int[blocks.size() + 1];
        for (int b = 0; b < blocks.size(); b++) {
            first[b + 1] = first[b] + blocks.get(b).cores();
        }
        return first;
    }
}
