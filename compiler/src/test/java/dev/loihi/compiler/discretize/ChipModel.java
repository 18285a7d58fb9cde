package dev.loihi.compiler.discretize;

import dev.loihi.image.ChipLimits;
import java.util.List;

/**
 * LOIHI.md's integer step applied to a {@link DiscreteNetwork} directly (not to a packed image),
 * for tests of what the discretizer's integers do over time. Records every wrap of q, u and
 * u + bias, which a correct discretization never causes.
 */
final class ChipModel {
    private final DiscreteNetwork network;
    private final long[][] q;
    private final long[][] u;
    private final long[][] v;
    private final int[][] refractory;
    private boolean[][] spikes;
    private long wraps;
    private long largestU;

    ChipModel(DiscreteNetwork network) {
        this.network = network;
        int blocks = network.blocks().size();
        q = new long[blocks][];
        u = new long[blocks][];
        v = new long[blocks][];
        refractory = new int[blocks][];
        spikes = new boolean[blocks][];
        for (int b = 0; b < blocks; b++) {
            int n = network.blocks().get(b).n();
            q[b] = new long[n];
            u[b] = new long[n];
            v[b] = new long[n];
            refractory[b] = new int[n];
            spikes[b] = new boolean[n];
        }
    }

    /**
     * One step. {@code inputSpikes[i][a]}: axon a of input i spiked in the previous step (host
     * spikes, like block spikes, arrive one step after they are sent). Returns this step's spikes.
     */
    boolean[][] step(boolean[][] inputSpikes) {
        List<DiscreteConnection> connections = network.connections();
        for (DiscreteConnection c : connections) {
            boolean[] source = c.fromInput() ? inputSpikes[c.preInput()] : spikes[c.preBlock()];
            long[] target = q[c.postBlock()];
            for (int i = 0; i < c.nPre(); i++) {
                if (source[i]) {
                    for (int j = 0; j < c.nPost(); j++) {
                        target[j] += c.weight(i, j);
                    }
                }
            }
        }
        boolean[][] next = new boolean[spikes.length][];
        for (int b = 0; b < spikes.length; b++) {
            DiscreteBlock block = network.blocks().get(b);
            next[b] = new boolean[block.n()];
            long vth = (long) block.vthMant() << ChipLimits.VTH_SHIFT;
            for (int j = 0; j < block.n(); j++) {
                long qj = wrap(q[b][j], ChipLimits.Q_BITS);
                q[b][j] = 0;
                u[b][j] = wrap(decay(u[b][j], block.decayU(), 1) + qj, ChipLimits.U_BITS);
                largestU = Math.max(largestU, Math.abs(u[b][j]));
                long u2 = wrap(u[b][j] + block.bias(j), ChipLimits.U_BITS);
                long vj = decay(v[b][j], block.decayV(), 0) + u2;
                vj = Math.max(ChipLimits.vmin(block.vminExp()), Math.min(ChipLimits.vmax(block.vmaxExp()), vj));
                if (refractory[b][j] > 0) {
                    vj = 0;
                }
                if (vj > vth) {
                    next[b][j] = true;
                    vj = 0;
                    refractory[b][j] = block.refractDelay();
                }
                if (refractory[b][j] > 0) {
                    refractory[b][j]--;
                }
                v[b][j] = vj;
            }
        }
        spikes = next;
        return next;
    }

    long u(int block, int neuron) {
        return u[block][neuron];
    }

    /** How many times q, u or u + bias wrapped. */
    long wraps() {
        return wraps;
    }

    long largestU() {
        return largestU;
    }

    private static long decay(long x, int d, int offset) {
        long magnitude = (Math.abs(x) * (ChipLimits.DECAY_ONE - offset - d)) >> 12;
        return x < 0 ? -magnitude : magnitude;
    }

    private long wrap(long x, int bits) {
        long range = 1L << (bits + 1);
        long wrapped = Math.floorMod(x + (1L << bits), range) - (1L << bits);
        if (wrapped != x) {
            wraps++;
        }
        return wrapped;
    }
}
