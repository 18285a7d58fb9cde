package dev.loihi.compiler.partition;

import dev.loihi.compiler.discretize.PopulationSynapses;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SynapseMemory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one core holding post compartments {@code [from, to)} keeps of a shared-weight
 * connection, in the chip's form (LOIHI.md, "Population axons"): one population axon per pre
 * axon that reaches the range, each with a base 0..255 (a multiple of 4 for pop16) and a core
 * weight list, and the distinct lists, each stored once. The partitioner counts axons and bits
 * with it and the packer writes the same lists, so the memory budgeted is the memory used.
 *
 * <p>An axon whose whole list lands in the range reuses the list as it is, shifted so that its
 * first compartment sits at {@code base + offset}; the base is the first compartment modulo 256
 * (rounded down to a multiple of 4 for pop16), so every interior axon of a conv layer shares one
 * of a few core lists (one per 256 compartments of offset, and per remainder modulo 4 for pop16
 * when that first compartment is not a multiple of 4). An axon cut by the range's edge keeps only
 * the synapses inside it: such lists are compared by content, so edge patterns that repeat are
 * still stored once.
 *
 * <p>Rows hold only nonzero mantissas, in ascending compartment order (relative to the base).
 */
public final class PopulationShare {
    private final int[] preAxons;
    private final int[] base;
    private final int[] list;
    private final List<int[][]> listCompartments;
    private final List<int[][]> listMants;
    private final long denseBits;
    private final long sparseBits;

    private PopulationShare(int[] preAxons, int[] base, int[] list, List<int[][]> listCompartments,
                            List<int[][]> listMants, long denseBits, long sparseBits) {
        this.preAxons = preAxons;
        this.base = base;
        this.list = list;
        this.listCompartments = listCompartments;
        this.listMants = listMants;
        this.denseBits = denseBits;
        this.sparseBits = sparseBits;
    }

    /**
     * The share of {@code p} on post compartments {@code [from, to)}; bits are costed with
     * {@code denseBitsPerSynapse} / {@code sparseBitsPerSynapse} (the connection's two formats).
     */
    public static PopulationShare of(PopulationSynapses p, int from, int to, int denseBitsPerSynapse,
                                     int sparseBitsPerSynapse) {
        int lists = p.lists().size();
        int[][][] rowsIdx = new int[lists][][];
        int[][][] rowsMant = new int[lists][][];
        int[] minIdx = new int[lists];
        int[] maxIdx = new int[lists];
        for (int l = 0; l < lists; l++) {
            normalise(p.lists().get(l), l, rowsIdx, rowsMant, minIdx, maxIdx);
        }
        int axons = p.axons();
        int[] preAxons = new int[axons];
        int[] bases = new int[axons];
        int[] coreList = new int[axons];
        int count = 0;
        Map<Object, Integer> known = new HashMap<>();
        List<int[][]> outIdx = new ArrayList<>();
        List<int[][]> outMant = new ArrayList<>();
        long dense = 0;
        long sparse = 0;
        for (int a = 0; a < axons; a++) {
            int b = p.base()[a];
            int l = p.listOf()[a];
            if (b < 0 || maxIdx[l] < 0 || b + maxIdx[l] < from || b + minIdx[l] >= to) {
                continue;
            }
            int[][] idx;
            int[][] mants = rowsMant[l];
            int chipBase;
            Object key;
            if (b + minIdx[l] >= from && b + maxIdx[l] < to) {
                int first = b + minIdx[l] - from;
                chipBase = chipBase(first, p.popType());
                int offset = first - chipBase;
                key = List.of(l, offset);
                idx = known.containsKey(key) ? null : shifted(rowsIdx[l], offset - minIdx[l]);
            } else {
                int[][][] cut = cut(rowsIdx[l], rowsMant[l], b - from, to - from);
                int first = Integer.MAX_VALUE;
                for (int[] row : cut[0]) {
                    if (row.length > 0) {
                        first = Math.min(first, row[0]);
                    }
                }
                if (first == Integer.MAX_VALUE) {
                    // the list spans the range but reaches none of it (a gap between copies'
                    // compartments): no axon, rather than an empty list at base 255
                    continue;
                }
                chipBase = chipBase(first, p.popType());
                idx = shifted(cut[0], -chipBase);
                mants = cut[1];
                key = new PopulationSynapses.ListContent(idx, mants);
            }
            Integer id = known.get(key);
            if (id == null) {
                id = outIdx.size();
                known.put(key, id);
                outIdx.add(idx);
                outMant.add(mants);
                long[] bits = bits(idx, mants, denseBitsPerSynapse, sparseBitsPerSynapse);
                dense += bits[0];
                sparse += bits[1];
            }
            preAxons[count] = a;
            bases[count] = chipBase;
            coreList[count++] = id;
        }
        return new PopulationShare(Arrays.copyOf(preAxons, count), Arrays.copyOf(bases, count),
                Arrays.copyOf(coreList, count), outIdx, outMant, dense, sparse);
    }

    /** The chip base for a first reached compartment {@code first}: 0..255, a multiple of 4 for pop16. */
    static int chipBase(int first, int popType) {
        int base = first % (ChipLimits.POP_BASE_MAX + 1);
        return popType == PopulationSynapses.POP16 ? base - base % ChipLimits.POP16_BASE_STEP : base;
    }

    /** Rows of list l with zero mantissas dropped and sorted by index; the list's smallest and largest index (-1: empty). */
    private static void normalise(PopulationSynapses.WeightList list, int l, int[][][] rowsIdx, int[][][] rowsMant,
                                  int[] minIdx, int[] maxIdx) {
        int atoms = list.atoms();
        rowsIdx[l] = new int[atoms][];
        rowsMant[l] = new int[atoms][];
        int min = Integer.MAX_VALUE;
        int max = -1;
        for (int k = 0; k < atoms; k++) {
            int[] idx = list.indices()[k];
            int[] m = list.mants()[k];
            long[] packed = new long[idx.length];
            int n = 0;
            for (int j = 0; j < idx.length; j++) {
                if (m[j] != 0) {
                    packed[n++] = (long) idx[j] << 32 | (m[j] & 0xFFFFFFFFL);
                }
            }
            Arrays.sort(packed, 0, n);
            rowsIdx[l][k] = new int[n];
            rowsMant[l][k] = new int[n];
            for (int j = 0; j < n; j++) {
                rowsIdx[l][k][j] = (int) (packed[j] >> 32);
                rowsMant[l][k][j] = (int) packed[j];
                min = Math.min(min, rowsIdx[l][k][j]);
                max = Math.max(max, rowsIdx[l][k][j]);
            }
        }
        minIdx[l] = max < 0 ? 0 : min;
        maxIdx[l] = max;
    }

    private static int[][] shifted(int[][] rows, int by) {
        int[][] out = new int[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            out[k] = rows[k].clone();
            for (int j = 0; j < out[k].length; j++) {
                out[k][j] += by;
            }
        }
        return out;
    }

    /** The synapses of rows at {@code shift + index} that land in [0, end), as indices relative to the range. */
    private static int[][][] cut(int[][] idx, int[][] mants, int shift, int end) {
        int[][] outIdx = new int[idx.length][];
        int[][] outMant = new int[idx.length][];
        for (int k = 0; k < idx.length; k++) {
            int n = 0;
            int[] ci = new int[idx[k].length];
            int[] cm = new int[idx[k].length];
            for (int j = 0; j < idx[k].length; j++) {
                int c = shift + idx[k][j];
                if (c >= 0 && c < end) {
                    ci[n] = c;
                    cm[n++] = mants[k][j];
                }
            }
            outIdx[k] = Arrays.copyOf(ci, n);
            outMant[k] = Arrays.copyOf(cm, n);
        }
        return new int[][][] {outIdx, outMant};
    }

    /** {dense, sparse} bits of one list: each atom row costed like one discrete axon's synapses (SynapseMemory). */
    private static long[] bits(int[][] idx, int[][] mants, int denseBitsPerSynapse, int sparseBitsPerSynapse) {
        long dense = 0;
        long sparse = 0;
        for (int k = 0; k < idx.length; k++) {
            if (idx[k].length == 0) {
                continue;
            }
            int[] row = denseRow(idx[k], mants[k]);
            long scan = AxonRow.scan(row, 0, 0, row.length);
            dense += SynapseMemory.axonBits(AxonRow.denseEntries(scan), denseBitsPerSynapse);
            sparse += SynapseMemory.axonBits(AxonRow.nonzeros(scan), sparseBitsPerSynapse);
        }
        return new long[] {dense, sparse};
    }

    /** A row as mantissas over compartments 0..last, for {@link AxonRow}. */
    private static int[] denseRow(int[] idx, int[] mants) {
        int[] row = new int[idx.length == 0 ? 0 : idx[idx.length - 1] + 1];
        for (int j = 0; j < idx.length; j++) {
            row[idx[j]] = mants[j];
        }
        return row;
    }

    /** Pre axons that reach the range, ascending: the core's population axons of this connection, in order. */
    public int[] preAxons() {
        return preAxons;
    }

    /** Chip base (0..255) of each core axon. */
    public int[] base() {
        return base;
    }

    /** Core list of each core axon (index into {@link #lists}). */
    public int[] list() {
        return list;
    }

    public int lists() {
        return listCompartments.size();
    }

    public int axons() {
        return preAxons.length;
    }

    /** Atom rows of list l as stored, in the dense layout of {@link AxonRow} or the sparse one; {compartments, mants} per atom. */
    public int[][][] rows(int l, boolean dense) {
        int[][] idx = listCompartments.get(l);
        int[][] mants = listMants.get(l);
        if (!dense) {
            return new int[][][] {idx, mants};
        }
        int[][] outIdx = new int[idx.length][];
        int[][] outMant = new int[idx.length][];
        for (int k = 0; k < idx.length; k++) {
            int[] row = denseRow(idx[k], mants[k]);
            int[] c = new int[row.length];
            int[] w = new int[row.length];
            int n = AxonRow.fill(row, 0, 0, row.length, true, c, w);
            outIdx[k] = Arrays.copyOf(c, n);
            outMant[k] = Arrays.copyOf(w, n);
        }
        return new int[][][] {outIdx, outMant};
    }

    /** Synapse memory bits of the distinct lists, every list stored as dense runs. */
    public long denseBits() {
        return denseBits;
    }

    /** Synapse memory bits of the distinct lists, every list stored sparse. */
    public long sparseBits() {
        return sparseBits;
    }
}
