package dev.loihi.compiler.partition;

/**
 * Output of {@link Placer}: where each core of the partition (by partition id) sits.
 * {@code imageIndex[id]} is the core's position in the image; image order is chip by chip,
 * core by core, so {@code (chip, coreOnChip)} rises with it. The arrays are owned by this
 * record; passes only read them.
 */
public record Placement(int chipsAvailable, int chipsUsed, int[] chip, int[] coreOnChip, int[] imageIndex) {

    public int cores() {
        return chip.length;
    }

    /** Partition id of the core at each image position. */
    public int[] idsInImageOrder() {
        int[] ids = new int[imageIndex.length];
        for (int id = 0; id < imageIndex.length; id++) {
            ids[imageIndex[id]] = id;
        }
        return ids;
    }
}
