package dev.loihi.compiler.partition;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SynapseMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * The partition pass: cuts every block into as few balanced contiguous compartment ranges as
 * keep each core within ChipLimits (compartments, input axons, synapse bits, output axon
 * slots). A core holds compartments of one block only.
 *
 * <p>Input-side use depends only on a block's own cut, so each block first gets the fewest
 * cores that fit it (grow the count by the worst use ratio, then binary search down to the
 * smallest count that fits). Output slots of a core depend on how its targets are cut (one slot
 * per compartment, connection and target core reached), so blocks whose cores overflow their
 * slots are cut finer and all slot counts recomputed until nothing changes; counts only grow,
 * and a block cut to single compartments always fits once its neurons passed the single-neuron
 * checks, so this ends.
 */
public final class Partitioner {

    public Partition partition(DiscreteNetwork network) {
        Topology topology = Topology.of(network);
        int blocks = network.blocks().size();
        List<List<DiscreteConnection>> incoming = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            List<DiscreteConnection> in = new ArrayList<>();
            for (int c : topology.incoming(b)) {
                in.add(network.connections().get(c));
            }
            incoming.add(in);
            checkSingleNeurons(network.blocks().get(b), in);
        }
        SplitLoad[] loads = new SplitLoad[blocks];
        for (int b = 0; b < blocks; b++) {
            loads[b] = fit(incoming.get(b), network.blocks().get(b), 1);
        }
        int[][] slots;
        while (true) {
            int[][] routes = routesPerCompartment(network, incoming, loads);
            slots = new int[blocks][];
            boolean changed = false;
            for (int b = 0; b < blocks; b++) {
                slots[b] = slotsPerCore(loads[b].bounds(), routes[b]);
                int worst = max(slots[b]);
                if (worst > ChipLimits.OUTPUT_AXON_SLOTS_PER_CORE) {
                    checkSingleNeuronSlots(network.blocks().get(b), routes[b]);
                    int k = loads[b].cores();
                    int wanted = (int) Math.ceil(k * (double) worst / ChipLimits.OUTPUT_AXON_SLOTS_PER_CORE);
                    loads[b] = fit(incoming.get(b), network.blocks().get(b), Math.max(k + 1, wanted));
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        List<BlockSplit> splits = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            SplitLoad l = loads[b];
            splits.add(new BlockSplit(b, l.bounds(), l.inputAxons(), l.synapseBits(), slots[b],
                    incoming.get(b).size(), l.dense()));
        }
        return new Partition(splits);
    }

    /** The fewest cores, at least {@code minCores}, whose input side fits. */
    private static SplitLoad fit(List<DiscreteConnection> incoming, DiscreteBlock block, int minCores) {
        int n = block.n();
        int k = Math.min(n, Math.max(minCores, ceilDiv(n, ChipLimits.COMPARTMENTS_PER_CORE)));
        int lastFailed = k - 1;
        SplitLoad load = SplitLoad.evaluate(incoming, n, k);
        boolean failedOnce = false;
        while (load.worst() > 1) {
            if (k == n) {
                // only shared-weight connections get here: their lists are checked per core, not per neuron
                throw new LoihiException(CompilerErrors.PARTITION_LIMIT, "layer does not fit even one neuron per core: layer=" + block.name() + ", neurons=" + n
                        + ", limit=" + load.worstLimit() + ", use=" + load.worst());
            }
            failedOnce = true;
            lastFailed = k;
            k = (int) Math.min(n, Math.max(k + 1L, (long) Math.ceil(k * load.worst())));
            load = SplitLoad.evaluate(incoming, n, k);
        }
        if (!failedOnce || k - 1 == lastFailed) {
            return load;
        }
        // The growth step scales by the worst use ratio, which is nearly proportional to the
        // range size, so k is usually the answer: one look below settles that.
        SplitLoad fewer = SplitLoad.evaluate(incoming, n, k - 1);
        if (fewer.worst() > 1) {
            return load;
        }
        load = fewer;
        int low = lastFailed + 1;
        int high = k - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            SplitLoad candidate = SplitLoad.evaluate(incoming, n, mid);
            if (candidate.worst() <= 1) {
                high = mid;
                load = candidate;
            } else {
                low = mid + 1;
            }
        }
        return load;
    }

    /** A neuron alone on a core still needs one input axon per nonzero incoming weight. */
    private static void checkSingleNeurons(DiscreteBlock block, List<DiscreteConnection> incoming) {
        int[] fanIn = new int[block.n()];
        long[] bits = new long[block.n()];
        for (DiscreteConnection conn : incoming) {
            if (conn.isPopulation()) {
                continue;
            }
            long synapseBits = SynapseMemory.axonBits(1, conn.format(true));
            if (conn.isDiagonal()) {
                if (conn.diagonal().mant() != 0) {
                    for (int j = 0; j < block.n(); j++) {
                        fanIn[j]++;
                        bits[j] += synapseBits;
                    }
                }
                continue;
            }
            if (conn.isSparse()) {
                for (int j : conn.sparse().post()) {
                    fanIn[j]++;
                    bits[j] += synapseBits;
                }
                continue;
            }
            int[] mants = conn.mants();
            int nPost = conn.nPost();
            for (int i = 0; i < conn.nPre(); i++) {
                int row = i * nPost;
                for (int j = 0; j < nPost; j++) {
                    if (mants[row + j] != 0) {
                        fanIn[j]++;
                        bits[j] += synapseBits;
                    }
                }
            }
        }
        for (int j = 0; j < block.n(); j++) {
            if (fanIn[j] > ChipLimits.INPUT_AXONS_PER_CORE) {
                throw tooBig(block, j, "inputAxons", ChipLimits.INPUT_AXONS_PER_CORE, fanIn[j]);
            }
            if (bits[j] > ChipLimits.SYNAPSE_BITS_PER_CORE) {
                throw tooBig(block, j, "synapseBits", ChipLimits.SYNAPSE_BITS_PER_CORE, bits[j]);
            }
        }
    }

    private static void checkSingleNeuronSlots(DiscreteBlock block, int[] routes) {
        for (int j = 0; j < routes.length; j++) {
            if (routes[j] > ChipLimits.OUTPUT_AXON_SLOTS_PER_CORE) {
                throw tooBig(block, j, "outputAxonSlots", ChipLimits.OUTPUT_AXON_SLOTS_PER_CORE, routes[j]);
            }
        }
    }

    private static LoihiException tooBig(DiscreteBlock block, int neuron, String limit, long max, long actual) {
        return new LoihiException(CompilerErrors.PARTITION_LIMIT, "neuron does not fit any core: layer=" + block.name() + ", neuron=" + neuron
                + ", limit=" + limit + ", max=" + max + ", actual=" + actual);
    }

    /** Output slots each compartment needs under the current cuts of its targets. */
    private static int[][] routesPerCompartment(DiscreteNetwork network, List<List<DiscreteConnection>> incoming,
                                                SplitLoad[] loads) {
        int[][] routes = new int[network.blocks().size()][];
        for (int b = 0; b < routes.length; b++) {
            routes[b] = new int[network.blocks().get(b).n()];
        }
        for (int b = 0; b < routes.length; b++) {
            List<DiscreteConnection> in = incoming.get(b);
            for (int c = 0; c < in.size(); c++) {
                DiscreteConnection conn = in.get(c);
                if (conn.fromInput()) {
                    continue;
                }
                int[] source = routes[conn.preBlock()];
                int[] hits = loads[b].hits()[c];
                for (int i = 0; i < hits.length; i++) {
                    source[i] += hits[i];
                }
            }
        }
        return routes;
    }

    private static int[] slotsPerCore(int[] bounds, int[] routes) {
        int[] slots = new int[bounds.length - 1];
        for (int r = 0; r < slots.length; r++) {
            for (int j = bounds[r]; j < bounds[r + 1]; j++) {
                slots[r] += routes[j];
            }
        }
        return slots;
    }

    private static int max(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
