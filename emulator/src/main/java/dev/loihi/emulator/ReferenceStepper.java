package dev.loihi.emulator;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately plain stepper written line by line from LOIHI.md ("one time step of a core")
 * and RAW_FORMAT.md, with long arithmetic, its own nested arrays and no optimisation at all. It
 * is the oracle the fast {@link Emulator} is tested against; keep it obvious rather than quick.
 */
public final class ReferenceStepper {
    private ReferenceStepper() {}

    public static Trace run(RawNetwork raw) {
        RawNetworkValidator.validate(raw, "reference");
        int steps = raw.steps();
        int blockCount = raw.blocks().size();

        long[][] u = new long[blockCount][];
        long[][] v = new long[blockCount][];
        long[][] refractory = new long[blockCount][];
        boolean[][] spikedLastStep = new boolean[blockCount][];
        int[][][] voltage = new int[blockCount][][];
        int[][][] current = new int[blockCount][][];
        int[][] spikeCount = new int[blockCount][];
        int[][][] spikeTimes = new int[blockCount][][];
        for (int b = 0; b < blockCount; b++) {
            int n = raw.blocks().get(b).n();
            u[b] = new long[n];
            v[b] = new long[n];
            refractory[b] = new long[n];
            spikedLastStep[b] = new boolean[n];
            voltage[b] = new int[n][steps];
            current[b] = new int[n][steps];
            spikeCount[b] = new int[n];
            spikeTimes[b] = new int[n][steps];
        }
        boolean[][][] inputSpikes = new boolean[raw.inputs().size()][][];
        for (int k = 0; k < raw.inputs().size(); k++) {
            RawInput in = raw.inputs().get(k);
            inputSpikes[k] = new boolean[steps + 1][in.axons()];
            for (int a = 0; a < in.axons(); a++) {
                for (int t : in.spikeTimes()[a]) {
                    inputSpikes[k][t][a] = true;
                }
            }
        }
        Set<Warning> warnings = EnumSet.noneOf(Warning.class);

        for (int t = 1; t <= steps; t++) {
            // 1. spikes sent in step t - 1 add their weight rows to q
            long[][] q = new long[blockCount][];
            for (int b = 0; b < blockCount; b++) {
                q[b] = new long[raw.blocks().get(b).n()];
            }
            for (RawSynapse syn : raw.synapses()) {
                int post = raw.blockIndex(syn.post());
                int preBlock = raw.blockIndex(syn.pre());
                int preInput = raw.inputIndex(syn.pre());
                if (syn.isPopulation()) {
                    // RAW_FORMAT.md: spike of pre i adds list[axon[i]]'s row atom[i] at base + index
                    RawPopulation p = syn.population();
                    for (int i = 0; i < p.axon().length; i++) {
                        if (spikedLastStep[preBlock][i] && p.sends(i)) {
                            int a = p.axon()[i];
                            RawPopulation.WeightList list = p.lists().get(p.list()[a]);
                            int[] w = list.weights()[p.atom()[i]];
                            int[] index = list.indices()[p.atom()[i]];
                            for (int j = 0; j < w.length; j++) {
                                q[post][p.base()[a] + index[j]] += weightValue(w[j], syn.weightExp());
                            }
                        }
                    }
                    continue;
                }
                for (int i = 0; i < syn.weights().length; i++) {
                    boolean sent = preBlock >= 0 ? spikedLastStep[preBlock][i] : inputSpikes[preInput][t - 1][i];
                    if (sent) {
                        for (int j = 0; j < syn.weights()[i].length; j++) {
                            q[post][j] += weightValue(syn.weights()[i][j], syn.weightExp());
                        }
                    }
                }
            }
            boolean[][] spikedNow = new boolean[blockCount][];
            for (int b = 0; b < blockCount; b++) {
                RawBlock block = raw.blocks().get(b);
                long vmin = -(1L << block.vminExp()) + 1;
                long vmax = (1L << (9 + 2 * block.vmaxExp())) - 1;
                spikedNow[b] = new boolean[block.n()];
                for (int i = 0; i < block.n(); i++) {
                    // 2. q wraps to 21 bits + sign
                    long qi = wrap(q[b][i], 21);
                    if (qi != q[b][i]) {
                        warnings.add(Warning.Q);
                    }
                    // 3. u = decay(u, decay_u, 1) + q, wrapped to 23 bits + sign
                    long uRaw = decay(u[b][i], block.decayU()[i], 1) + qi;
                    u[b][i] = wrap(uRaw, 23);
                    if (u[b][i] != uRaw) {
                        warnings.add(Warning.U);
                    }
                    // 4. u2 = u + bias, wrapped to 23 bits + sign
                    long bias = (long) block.biasMant()[i] * (1L << block.biasExp()[i]);
                    long u2Raw = u[b][i] + bias;
                    long u2 = wrap(u2Raw, 23);
                    if (u2 != u2Raw) {
                        warnings.add(Warning.U_BIAS);
                    }
                    // 5. v = decay(v, decay_v, 0) + u2, clipped to [vmin, vmax]
                    long vi = decay(v[b][i], block.decayV()[i], 0) + u2;
                    vi = Math.min(Math.max(vi, vmin), vmax);
                    // 6. v = 0 while the refractory counter is above 0
                    if (refractory[b][i] > 0) {
                        vi = 0;
                    }
                    // 7. spike when v > vth; then v = 0, counter = delay; every counter above 0 is lowered
                    long vth = (long) block.vthMant()[i] * 64;
                    if (vi > vth) {
                        spikedNow[b][i] = true;
                        vi = 0;
                        refractory[b][i] = block.refractDelay()[i];
                        spikeTimes[b][i][spikeCount[b][i]++] = t;
                    }
                    if (refractory[b][i] > 0) {
                        refractory[b][i] -= 1;
                    }
                    v[b][i] = vi;
                    voltage[b][i][t - 1] = (int) v[b][i];
                    current[b][i][t - 1] = (int) u[b][i];
                }
            }
            spikedLastStep = spikedNow;
        }

        Map<String, BlockTrace> blocks = new LinkedHashMap<>();
        for (int b = 0; b < blockCount; b++) {
            int n = raw.blocks().get(b).n();
            int[][] times = new int[n][];
            for (int i = 0; i < n; i++) {
                times[i] = java.util.Arrays.copyOf(spikeTimes[b][i], spikeCount[b][i]);
            }
            blocks.put(raw.blocks().get(b).name(), new BlockTrace(times, voltage[b], current[b]));
        }
        return new Trace(steps, warnings, blocks);
    }

    /** RAW_FORMAT.md: w x 2^(6 + exp); at exp = -7 the half is floored (see {@link Weights}). */
    static long weightValue(int w, int exp) {
        int power = 6 + exp;
        return power >= 0 ? w * (1L << power) : Math.floorDiv(w, 2);
    }

    /** Two's complement wrap to {@code bits} bits + sign. */
    static long wrap(long x, int bits) {
        long half = 1L << bits;
        return Math.floorMod(x + half, 2 * half) - half;
    }

    /** decay(x, d, offset) = sign(x) * ((|x| * (4096 - offset - d)) >> 12). */
    static long decay(long x, int d, int offset) {
        return Long.signum(x) * ((Math.abs(x) * (4096 - offset - d)) >> 12);
    }
}
