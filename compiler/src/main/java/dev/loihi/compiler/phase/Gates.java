package dev.loihi.compiler.phase;

import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-shot compartments that time a phase-coded presentation, one per event: the hold
 * pieces, and per hidden layer its opening, each ramp step and its stop(s). A gate is driven by
 * its bias alone (u and v keep: decay 0), crosses vth at exactly the step it is timed for
 * (bias b with D x b <= vth < (D + 1) x b fires first at step D) and then puts -255 x 8192 on
 * its own u, which holds it silent ({@link #silentSteps}) until the emulator resets the state
 * for the next input.
 */
final class Gates {
    /** Steps a gate is followed for after it fires when measuring its silence. */
    static final int SILENCE_HORIZON = 1_000_000;

    private final List<Integer> fireStep = new ArrayList<>();
    private final int[] holdIndex;
    private final int[] openIndex;
    private final int[][] rampIndex;
    /** Per hidden layer, the stop gate of each cap its compartments have. */
    private final Map<Integer, Integer>[] stopIndex;
    private int vthMant;
    private int[] biasMant;
    private int[] biasExp;

    @SuppressWarnings("unchecked")
    private Gates(int pieces, int hidden) {
        holdIndex = new int[pieces];
        openIndex = new int[hidden];
        rampIndex = new int[hidden][];
        stopIndex = new Map[hidden];
    }

    /** The dense phase code's gates: a stop for the full window and, when some replicas are short, one a step earlier. */
    static Gates of(PhaseTiming timing, PhasePlan plan, List<PhaseLayer> layers) {
        int[][] caps = new int[timing.windowStart().length][];
        for (int l = 0; l < caps.length; l++) {
            PhaseReplicas rep = plan.replicasOf(layers.get(l));
            caps[l] = rep.shortReplicas() > 0 ? new int[] {rep.windowSteps(), rep.windowSteps() - 1}
                    : new int[] {rep.windowSteps()};
        }
        return of(timing, caps);
    }

    /**
     * Gates for the hold pieces and, per hidden layer, its opening, one ramp step per window step
     * and one stop per cap in {@code stopCaps[layer]} (in that order), timed at the window's
     * step cap - 1 so that a compartment of that cap fires in at most cap steps.
     */
    static Gates of(PhaseTiming timing, int[][] stopCaps) {
        int hidden = timing.windowStart().length;
        Gates g = new Gates(timing.holdSteps(), hidden);
        for (int p = 0; p < timing.holdSteps(); p++) {
            g.holdIndex[p] = g.add(p);
        }
        for (int l = 0; l < hidden; l++) {
            int a = timing.windowStart()[l];
            int window = timing.windowSteps()[l];
            g.openIndex[l] = g.add(a - 1);
            g.rampIndex[l] = new int[window];
            for (int s = 0; s < window; s++) {
                g.rampIndex[l][s] = g.add(a - 1 + s);
            }
            g.stopIndex[l] = new HashMap<>();
            for (int cap : stopCaps[l]) {
                if (cap < 0 || cap > window || g.stopIndex[l].containsKey(cap)) {
                    throw new IllegalArgumentException("stop caps must be distinct, within 0.." + window + ": " + cap);
                }
                g.stopIndex[l].put(cap, g.add(a + cap - 1));
            }
        }
        g.chooseBiases();
        return g;
    }

    private int add(int step) {
        fireStep.add(step);
        return fireStep.size() - 1;
    }

    int count() {
        return fireStep.size();
    }

    int hold(int piece) {
        return holdIndex[piece];
    }

    int open(int layer) {
        return openIndex[layer];
    }

    int ramp(int layer, int step) {
        return rampIndex[layer][step];
    }

    int stop(int layer, boolean shortCap) {
        return stop(layer, timingWindow(layer) - (shortCap ? 1 : 0));
    }

    /** The stop gate of the compartments of {@code layer} that fire at most {@code cap} times. */
    int stop(int layer, int cap) {
        return stopIndex[layer].get(cap);
    }

    private int timingWindow(int layer) {
        return rampIndex[layer].length;
    }

    /** The smallest threshold (a power-of-two multiple of 64 x 64) at which every gate's step has a bias. */
    private void chooseBiases() {
        for (int mant = PhaseNetwork.GATE_VTH_MANT; mant <= ChipLimits.VTH_MANT_MAX; mant *= 2) {
            long vth = (long) mant << ChipLimits.VTH_SHIFT;
            int[] m = new int[count()];
            int[] e = new int[count()];
            boolean all = true;
            for (int i = 0; i < count() && all; i++) {
                all = bias(vth, fireStep.get(i), m, e, i);
            }
            if (all) {
                vthMant = mant;
                biasMant = m;
                biasExp = e;
                return;
            }
        }
        throw new IllegalArgumentException("no gate threshold times steps up to " + fireStep.stream().mapToInt(x -> x).max().orElse(0));
    }

    private static boolean bias(long vth, int step, int[] mant, int[] exp, int i) {
        for (int e = 0; e <= ChipLimits.BIAS_EXP_MAX; e++) {
            long m = step == 0 ? (vth >> e) + 1 : (vth / step) >> e;
            long b = m << e;
            if (m >= 1 && m <= ChipLimits.BIAS_MANT_MAX && (long) step * b <= vth && (long) (step + 1) * b > vth) {
                mant[i] = (int) m;
                exp[i] = e;
                return true;
            }
        }
        return false;
    }

    DiscreteBlock block() {
        int n = count();
        return new DiscreteBlock(PhaseNetwork.GATES, NeuronType.SPIKING_RELU, n, (long) vthMant << ChipLimits.VTH_SHIFT,
                vthMant, 0, 0, ChipLimits.REFRACT_MIN, ChipLimits.VMIN_EXP_MAX, ChipLimits.VMAX_EXP_MAX, biasMant.clone(),
                biasExp.clone());
    }

    /** Each gate's synapse onto itself that silences it once it fired: a diagonal. */
    DiscreteConnection selfInhibition(int gateBlock) {
        return DiscreteConnection.diagonal(PhaseNetwork.GATES, gateBlock, count(), SignMode.INHIBITORY,
                ChipLimits.WEIGHT_EXP_MAX, -PhaseNetwork.GATE_SELF_MANT, DiscreteConnection.SYNTHESIZED);
    }

    long minBias() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < count(); i++) {
            min = Math.min(min, (long) biasMant[i] << biasExp[i]);
        }
        return min;
    }

    long maxBias() {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < count(); i++) {
            max = Math.max(max, (long) biasMant[i] << biasExp[i]);
        }
        return max;
    }

    /**
     * Steps after its firing step that the earliest gate to fire again stays silent, by LOIHI.md's
     * arithmetic (u keeps all but |u| >> 12 rounded up, v sums u + bias and clips at vmin), at
     * most {@link #SILENCE_HORIZON}: presentations must be shorter.
     */
    int silentSteps() {
        long vth = (long) vthMant << ChipLimits.VTH_SHIFT;
        long vmin = -(1L << ChipLimits.VMIN_EXP_MAX) + 1;
        long self = (long) PhaseNetwork.GATE_SELF_MANT << (ChipLimits.WEIGHT_SHIFT + ChipLimits.WEIGHT_EXP_MAX);
        int silent = SILENCE_HORIZON;
        for (int i = 0; i < count(); i++) {
            long b = (long) biasMant[i] << biasExp[i];
            long u = -self;
            long v = 0;
            for (int t = 1; t < silent; t++) {
                v = Math.max(vmin, v + u + b);
                if (v > vth) {
                    silent = t;
                    break;
                }
                long keep = (Math.abs(u) * (ChipLimits.DECAY_ONE - 1)) >> 12;
                u = u < 0 ? -keep : keep;
            }
        }
        return silent;
    }
}
