package dev.loihi.compiler.discretize;

import java.util.Arrays;
import java.util.List;

/**
 * Shared-weight synapses reached through population axons (LOIHI.md, "Population axons"): what
 * a convolution becomes in chip integers. Pre neuron i sends its spikes to axon
 * {@code axonOf[i]} (-1: nowhere) carrying atom {@code atomOf[i]}; axon a uses weight list
 * {@code listOf[a]} relative to post compartment {@code base[a]} (-1: the axon is unused). A
 * spike of pre neuron i adds {@code mants[atom][j] << (6 + weightExp)} to q of post compartment
 * {@code base[a] + indices[atom][j]} of the list, for every j.
 *
 * <p>For a conv layer (channels last): pre neuron (y, x, c) has axon y * W + x and atom c; the
 * list of a position holds, per input channel, the weights to every (output position, filter)
 * the position reaches, relative to the first one reached (its base). Interior positions share
 * one list; positions near the edges reach fewer outputs and need lists of their own.
 *
 * <p>Bases here are post compartments of the whole block, any value from 0 on: the partitioner
 * cuts the block over cores and the packer turns each core's share into the chip's form (a
 * base 0..255 per core axon, a multiple of 4 for pop16, lists that repeat on a core stored
 * once; see {@code partition.PopulationShare}). The arrays are owned by this record; passes only
 * read them.
 *
 * @param popType 16 or 32: the spike the pre cores send (pop32 takes 2 output axon slots per
 *                route, pop16 lends up to 4 axon bits to atoms of up to 9 bits)
 * @param axonOf  per pre neuron, its axon or -1
 * @param atomOf  per pre neuron, its atom: a row of every list
 * @param base    per axon, the post compartment its list's indices start from, or -1 (unused)
 * @param listOf  per axon, an index into {@code lists}
 * @param lists   the weight lists, each with the same number of atom rows
 */
public record PopulationSynapses(int popType, int[] axonOf, int[] atomOf, int[] base, int[] listOf,
                                 List<WeightList> lists) {
    public static final int POP16 = 16;
    public static final int POP32 = 32;

    public PopulationSynapses {
        lists = List.copyOf(lists);
        if (popType != POP16 && popType != POP32) {
            throw new IllegalArgumentException("popType=" + popType + ", expected 16 or 32");
        }
        if (axonOf.length != atomOf.length || base.length != listOf.length) {
            throw new IllegalArgumentException("population: axonOf=" + axonOf.length + ", atomOf=" + atomOf.length
                    + ", base=" + base.length + ", listOf=" + listOf.length);
        }
    }

    /**
     * One weight list: {@code indices[atom][j]} (post compartment relative to an axon's base)
     * and {@code mants[atom][j]} (8-bit mantissa of the connection's synapse format), the same
     * shape; no index twice in a row.
     */
    public record WeightList(int[][] indices, int[][] mants) {
        public WeightList {
            if (indices.length != mants.length) {
                throw new IllegalArgumentException("weight list: atoms " + indices.length + " != " + mants.length);
            }
            for (int k = 0; k < indices.length; k++) {
                if (indices[k].length != mants[k].length) {
                    throw new IllegalArgumentException("weight list: atom " + k + " has " + indices[k].length
                            + " indices and " + mants[k].length + " weights");
                }
            }
        }

        public int atoms() {
            return indices.length;
        }

        /** Synapses of all atom rows. */
        public int synapses() {
            int n = 0;
            for (int[] row : indices) {
                n += row.length;
            }
            return n;
        }
    }

    public int preNeurons() {
        return axonOf.length;
    }

    public int axons() {
        return base.length;
    }

    /** Whether pre neuron i's spikes reach anything: an axon in use. */
    public boolean sends(int pre) {
        int a = axonOf[pre];
        return a >= 0 && base[a] >= 0;
    }

    /** The list pre neuron i's spike reads (call only when {@link #sends}). */
    public WeightList listOfPre(int pre) {
        return lists.get(listOf[axonOf[pre]]);
    }

    /**
     * The same synapses as a dense row-major matrix {@code [pre * nPost + post]} of mantissas
     * (what discrete axons would need): for tests, and for reporting what sharing saved.
     */
    public int[] expand(int nPost) {
        int[] mants = new int[axonOf.length * nPost];
        for (int i = 0; i < axonOf.length; i++) {
            if (!sends(i)) {
                continue;
            }
            WeightList list = listOfPre(i);
            int b = base[axonOf[i]];
            int atom = atomOf[i];
            for (int j = 0; j < list.indices()[atom].length; j++) {
                mants[i * nPost + b + list.indices()[atom][j]] += list.mants()[atom][j];
            }
        }
        return mants;
    }

    /** Synapses a dense expansion would hold (nonzero mantissas), to compare with the lists' cost. */
    public long expandedSynapses() {
        long n = 0;
        for (int i = 0; i < axonOf.length; i++) {
            if (sends(i)) {
                for (int m : listOfPre(i).mants()[atomOf[i]]) {
                    n += m != 0 ? 1 : 0;
                }
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PopulationSynapses p && p.popType == popType && Arrays.equals(p.axonOf, axonOf)
                && Arrays.equals(p.atomOf, atomOf) && Arrays.equals(p.base, base) && Arrays.equals(p.listOf, listOf)
                && p.lists.size() == lists.size() && listsEqual(p.lists, lists);
    }

    private static boolean listsEqual(List<WeightList> a, List<WeightList> b) {
        for (int k = 0; k < a.size(); k++) {
            if (!Arrays.deepEquals(a.get(k).indices(), b.get(k).indices())
                    || !Arrays.deepEquals(a.get(k).mants(), b.get(k).mants())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return popType * 31 + Arrays.hashCode(axonOf) * 17 + Arrays.hashCode(base);
    }

    @Override
    public String toString() {
        return "PopulationSynapses[pop" + popType + ", axons=" + base.length + ", lists=" + lists.size() + "]";
    }

    /**
     * A weight list's content as a map key (arrays compared by value): lists equal in every
     * index and mantissa are stored once.
     */
    public record ListContent(int[][] indices, int[][] mants) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ListContent k && Arrays.deepEquals(indices, k.indices)
                    && Arrays.deepEquals(mants, k.mants);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(indices) * 31 + Arrays.deepHashCode(mants);
        }
    }
}
