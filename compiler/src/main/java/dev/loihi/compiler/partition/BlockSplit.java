package dev.loihi.compiler.partition;

/**
 * How one block is cut over cores: core r holds compartments {@code bounds[r] .. bounds[r+1]-1}
 * (contiguous, balanced), with the resources it uses. {@code dense[r * incoming + k]} says
 * whether incoming connection k (in {@link Topology} order) is stored as dense runs on core r.
 * The arrays are owned by this record; passes only read them.
 */
public record BlockSplit(int block, int[] bounds, int[] inputAxons, long[] synapseBits, int[] outputSlots,
                         int incoming, boolean[] dense) {

    public int cores() {
        return bounds.length - 1;
    }

    public int start(int core) {
        return bounds[core];
    }

    public int end(int core) {
        return bounds[core + 1];
    }

    public boolean dense(int core, int incomingIndex) {
        return dense[core * incoming + incomingIndex];
    }
}
