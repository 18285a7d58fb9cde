package dev.loihi.compiler.phase;

import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.PopulationSynapses;
import dev.loihi.compiler.discretize.RowSharing;
import dev.loihi.compiler.discretize.SparseRows;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Any integer weight matrix as exact chip synapses. A weight is a multiple of 64 chip units
 * (one step at exponent 0, the smallest that adds precision, LOIHI.md "Number formats"), written
 * as {@code a x 8192 + c x 64} with c < 128 and a <= 255: one synapse format per sign for each
 * of the exponents 0 and 7, so a connection costs at most four formats and every per-step charge
 * q can carry (2^21 - 1 chip units) is reachable.
 */
final class LadderWeights {
    /** Chip units of one step: a weight mantissa of 1 at exponent 0. */
    static final long STEP = 1L << ChipLimits.WEIGHT_SHIFT;
    /** Steps of one mantissa at the top exponent. */
    static final long TOP = 1L << ChipLimits.WEIGHT_EXP_MAX;
    /** The largest |weight| in steps: 255 x 128 + 127. */
    static final long MAX_STEPS = ChipLimits.WEIGHT_MANT_MAX * TOP + TOP - 1;

    /** Synapses past which a connection is worth sharing: about one core's synapse memory. */
    static final int SHARE_MIN_SYNAPSES = 1 << 20;

    private LadderWeights() {}

    /**
     * Connections from {@code pre} to {@code post} whose weights sum to {@code steps[i][j] x 64}
     * chip units; none for an all-zero matrix.
     */
    static List<DiscreteConnection> of(String pre, String post, int preInput, int preBlock, int postBlock,
                                       long[][] steps) {
        int nPre = steps.length;
        int nPost = nPre == 0 ? 0 : steps[0].length;
        List<DiscreteConnection> out = new ArrayList<>();
        for (SignMode mode : new SignMode[] {SignMode.EXCITATORY, SignMode.INHIBITORY}) {
            for (int exp : new int[] {0, ChipLimits.WEIGHT_EXP_MAX}) {
                int[] mants = new int[nPre * nPost];
                boolean any = false;
                for (int i = 0; i < nPre; i++) {
                    for (int j = 0; j < nPost; j++) {
                        long w = steps[i][j];
                        if (Math.abs(w) > MAX_STEPS) {
                            throw new IllegalArgumentException("weight beyond one step's charge: " + pre + " -> " + post
                                    + ", steps=" + w + ", max=" + MAX_STEPS);
                        }
                        int d = digit(w, mode, exp);
                        mants[i * nPost + j] = d;
                        any |= d != 0;
                    }
                }
                if (any) {
                    out.add(new DiscreteConnection(pre, post, preInput, preBlock, postBlock, nPre, nPost, mode, exp, mants,
                            DiscreteConnection.SYNTHESIZED));
                }
            }
        }
        return out;
    }

    /**
     * As {@link #of(String, String, int, int, int, long[][])} for synapses given row by row: the
     * same connections in the same order, as sparse rows ({@link SparseRows}), so the image is
     * the matrix's and no n x m array is made. A connection from a block whose
     * every {@code atoms} adjacent neurons are one sending unit becomes shared weight lists
     * ({@link RowSharing}) when it holds more than {@link #SHARE_MIN_SYNAPSES} synapses and the
     * lists hold at most half of them: the synapse memory a big convolution needs as discrete
     * axons (h_conv2d_3 of the HGQ MNIST CNN: 3.7 M synapses, 50 cores) is what limits it.
     */
    static List<DiscreteConnection> of(String pre, String post, int preInput, int preBlock, int postBlock,
                                       StepRows rows, int atoms) {
        for (long w : rows.steps()) {
            if (Math.abs(w) > MAX_STEPS) {
                throw new IllegalArgumentException("weight beyond one step's charge: " + pre + " -> " + post
                        + ", steps=" + w + ", max=" + MAX_STEPS);
            }
        }
        List<DiscreteConnection> out = new ArrayList<>();
        int nPre = rows.rows();
        for (SignMode mode : new SignMode[] {SignMode.EXCITATORY, SignMode.INHIBITORY}) {
            for (int exp : new int[] {0, ChipLimits.WEIGHT_EXP_MAX}) {
                int[] rowStart = new int[nPre + 1];
                for (int i = 0; i < nPre; i++) {
                    int n = 0;
                    for (int k = rows.rowStart()[i]; k < rows.rowStart()[i + 1]; k++) {
                        n += digit(rows.steps()[k], mode, exp) != 0 ? 1 : 0;
                    }
                    rowStart[i + 1] = rowStart[i] + n;
                }
                if (rowStart[nPre] == 0) {
                    continue;
                }
                int[] posts = new int[rowStart[nPre]];
                int[] mants = new int[posts.length];
                int n = 0;
                for (int k = 0; k < rows.steps().length; k++) {
                    int d = digit(rows.steps()[k], mode, exp);
                    if (d != 0) {
                        posts[n] = rows.post()[k];
                        mants[n++] = d;
                    }
                }
                SparseRows sparse = new SparseRows(rowStart, posts, mants);
                PopulationSynapses shared = atoms > 0 && preBlock >= 0 && sparse.synapses() > SHARE_MIN_SYNAPSES
                        ? RowSharing.of(sparse, atoms) : null;
                if (shared != null && 2 * listSynapses(shared) <= sparse.synapses()) {
                    out.add(DiscreteConnection.population(pre, post, preBlock, postBlock, nPre, rows.nPost(), mode, exp,
                            shared, DiscreteConnection.SYNTHESIZED));
                } else {
                    out.add(DiscreteConnection.sparse(pre, post, preInput, preBlock, postBlock, nPre, rows.nPost(), mode,
                            exp, sparse, DiscreteConnection.SYNTHESIZED));
                }
            }
        }
        return out;
    }

    private static long listSynapses(PopulationSynapses p) {
        return p.lists().stream().mapToLong(PopulationSynapses.WeightList::synapses).sum();
    }

    /** The signed mantissa weight {@code w} puts in the format (mode, exp): 0 when the sign is the other's. */
    private static int digit(long w, SignMode mode, int exp) {
        if (w == 0 || (w > 0) != (mode == SignMode.EXCITATORY)) {
            return 0;
        }
        long d = exp == 0 ? Math.abs(w) % TOP : Math.abs(w) / TOP;
        return (int) (w > 0 ? d : -d);
    }
}
