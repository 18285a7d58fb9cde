package dev.loihi.compiler.discretize;

import dev.loihi.image.ChipLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sparse rows ({@link SparseRows}) as shared weight lists behind population axons
 * ({@link PopulationSynapses}), what {@link SharedWeights} does for a dense matrix: every
 * {@code atoms} adjacent pre neurons are one axon (a sending unit's compartments), its atoms'
 * synapses one list relative to the first post the axon reaches; axons whose lists are equal
 * (the interior of a convolution, per channel) share one. The expansion of the result is the
 * rows, exactly.
 */
public final class RowSharing {
    private RowSharing() {}

    /** The lists of {@code rows} with {@code atoms} pre neurons per axon; null when they do not fit a population spike. */
    public static PopulationSynapses of(SparseRows rows, int atoms) {
        int nPre = rows.rows();
        if (atoms <= 0 || nPre % atoms != 0 || atoms > ChipLimits.populationAtoms(PopulationSynapses.POP32)) {
            return null;
        }
        // pop16 (one output slot per route, not two) whenever the atoms fit its spike: a pop16
        // spike addresses the target core's axons, which the partitioner caps (SplitLoad.axonLimit)
        int popType = atoms <= ChipLimits.populationAtoms(PopulationSynapses.POP16)
                ? PopulationSynapses.POP16 : PopulationSynapses.POP32;
        return of(rows, atoms, popType);
    }

    /** The lists of {@code rows} with {@code atoms} pre neurons per axon (a whole number of axons), sent as {@code popType}. */
    static PopulationSynapses of(SparseRows rows, int atoms, int popType) {
        int nPre = rows.rows();
        int axons = nPre / atoms;
        int[] axonOf = new int[nPre];
        int[] atomOf = new int[nPre];
        int[] base = new int[axons];
        int[] listOf = new int[axons];
        List<PopulationSynapses.WeightList> lists = new ArrayList<>();
        Map<PopulationSynapses.ListContent, Integer> ids = new HashMap<>();
        for (int a = 0; a < axons; a++) {
            int first = Integer.MAX_VALUE;
            for (int k = 0; k < atoms; k++) {
                int pre = a * atoms + k;
                axonOf[pre] = a;
                atomOf[pre] = k;
                if (rows.rowStart()[pre] < rows.rowStart()[pre + 1]) {
                    first = Math.min(first, rows.post()[rows.rowStart()[pre]]);
                }
            }
            if (first == Integer.MAX_VALUE) {
                base[a] = -1;
                continue;
            }
            int[][] indices = new int[atoms][];
            int[][] mants = new int[atoms][];
            for (int k = 0; k < atoms; k++) {
                int pre = a * atoms + k;
                int from = rows.rowStart()[pre];
                int to = rows.rowStart()[pre + 1];
                indices[k] = new int[to - from];
                for (int s = from; s < to; s++) {
                    indices[k][s - from] = rows.post()[s] - first;
                }
                mants[k] = Arrays.copyOfRange(rows.mants(), from, to);
            }
            base[a] = first;
            listOf[a] = ids.computeIfAbsent(new PopulationSynapses.ListContent(indices, mants), key -> {
                lists.add(new PopulationSynapses.WeightList(key.indices(), key.mants()));
                return lists.size() - 1;
            });
        }
        return new PopulationSynapses(popType, axonOf, atomOf, base, listOf, lists);
    }
}
