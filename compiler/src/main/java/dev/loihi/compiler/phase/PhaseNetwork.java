package dev.loihi.compiler.phase;

import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.discretize.LayerPrecision;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link PhasePlan} as chip integers (docs/CONVERSION.md, "Phase code"). Every charge a
 * replica or the readout receives is a whole number of 64-unit steps, P units of its layer.
 *
 * <p>A hidden unit is R replicas: integrate-and-fire compartments whose v sums exactly
 * (decay_u = 4095: u is this step's q; decay_v = 0: v keeps it; bias 0), vth = 64 (one step).
 * Until its layer's window opens, a hold (charged over the first steps) keeps every replica
 * below threshold whatever its partial sum. At the opening an equal lift takes the hold back
 * off and a ramp of one threshold theta = g R per step begins; replica r fires first once its
 * sum plus the ramp clears vth, and from then on every step (its own synapse adds a step, the
 * ramp the rest) until a stop charge ends its window after cap_r steps. Its count is then
 * min(cap_r, floor((P + offset_r) / theta)) ({@link PhaseReplicas}): constants put the sum
 * where that holds (hold piece 1 carries bias, offset and the cap's shift).
 *
 * <p>Hold, lift, ramp steps and stops come from one-shot gates: compartments driven only by
 * their bias, which cross vth = 4096 at the step they are timed for, then silence themselves
 * through a synapse of -255 x 8192 onto their own u (decay_u = 0 keeps it but for a leak of
 * |u| / 4096 a step, so they stay silent for tens of thousands of steps). The readout reads the
 * last layer's P, its bias delivered once with the hold.
 */
public final class PhaseNetwork {
    /** The largest charge one step's q holds, in 64-unit steps: q is 21 bits + sign. */
    static final long Q_STEPS = ((1L << ChipLimits.Q_BITS) - 1) / LadderWeights.STEP;
    /** A replica's threshold and its own synapse's weight, in steps. */
    static final long REPLICA_VTH = 1;
    static final int GATE_VTH_MANT = 64;
    static final int GATE_SELF_MANT = ChipLimits.WEIGHT_MANT_MAX;
    public static final String GATES = "phase_gates";

    private PhaseNetwork() {}

    /** The network, the steps it takes and, per first-layer unit, the largest positive input sum it holds. */
    public record Built(DiscreteNetwork network, PhaseTiming timing, long[] firstLayerLimit, int silentSteps) {}

    /**
     * @param copies     input axons per sign of each feature; copies x inputSteps = plan.inputLevels()
     * @param inputSteps steps the host sends input in
     */
    public static Built build(PhasePlan plan, String inputName, int copies, int inputSteps, String outputActivation) {
        if ((long) copies * inputSteps != plan.inputLevels()) {
            throw new IllegalArgumentException("copies x inputSteps != inputLevels: " + copies + " x " + inputSteps);
        }
        List<PhaseLayer> layers = plan.layers();
        int hidden = layers.size() - 1;
        int features = layers.get(0).inputs();
        // Per step, the most one layer's input can add to one target: every axon or replica at once.
        long[] stepIn = new long[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            stepIn[l] = absColumnMax(layers.get(l)) * (l == 0 ? copies : plan.replicas());
        }
        long[] constants = new long[hidden];
        long[] hold = new long[hidden];
        int[] windows = new int[hidden];
        for (int l = 0; l < hidden; l++) {
            PhaseLayer layer = layers.get(l);
            PhaseReplicas rep = plan.replicasOf(layer);
            windows[l] = rep.windowSteps();
            long theta = rep.thresholdUnits();
            long maxConstant = Long.MIN_VALUE;
            for (int j = 0; j < layer.units(); j++) {
                for (int r = 0; r < plan.replicas(); r++) {
                    maxConstant = Math.max(maxConstant, constant(layer, rep, j, r));
                }
            }
            constants[l] = maxConstant;
            long room = Q_STEPS - theta - (l == 0 ? 0 : stepIn[l]);
            if (l == 0) {
                // The host's counts are bounded only by the encoding: take the largest hold q allows
                // and give the host the limit it implies (firstLayerLimit).
                hold[l] = room / LadderWeights.TOP * LadderWeights.TOP;
            } else {
                long need = positiveColumnMax(layer) * layers.get(l - 1).maxLevel() + maxConstant;
                hold[l] = ceilTo(Math.max(0, need), LadderWeights.TOP);
                if (hold[l] > room) {
                    throw new IllegalArgumentException("layer " + layer.name() + " needs a hold of " + hold[l]
                            + " steps, one step's q allows " + room);
                }
            }
        }
        long largest = 0;
        for (int l = 0; l < hidden; l++) {
            largest = Math.max(largest, hold[l] + Math.abs(constants[l]) + 2 * plan.replicasOf(layers.get(l)).thresholdUnits());
        }
        int pieces = holdPieces(largest, hold[0], constants[0], stepIn[0], inputSteps);
        PhaseTiming timing = PhaseTiming.of(inputSteps, pieces, windows);
        Gates gates = Gates.of(timing, plan, layers);

        List<DiscreteBlock> blocks = new ArrayList<>();
        List<LayerPrecision> precision = new ArrayList<>();
        List<DiscreteConnection> connections = new ArrayList<>();
        int gateBlock = hidden + 1;
        long[] firstLayerLimit = new long[layers.get(0).units()];
        for (int l = 0; l <= hidden; l++) {
            PhaseLayer layer = layers.get(l);
            boolean out = l == hidden;
            int n = out ? layer.units() : layer.units() * plan.replicas();
            double scale = LadderWeights.STEP / layer.unit();
            blocks.add(out ? readout(layer.name(), n, scale) : replicas(layer.name(), n, scale));
            precision.add(new LayerPrecision(layer.name(), scale, "phase code: exact integers", 0, 0, 0, 0, 0,
                    out ? 0 : 1));
            int rIn = l == 0 ? copies : plan.replicas();
            long[][] w = new long[l == 0 ? 2 * features * copies : layers.get(l - 1).units() * rIn][n];
            for (int i = 0; i < w.length; i++) {
                int unitIn = l == 0 ? i / (2 * copies) : i / rIn;
                int sign = l == 0 && (i / copies) % 2 == 1 ? -1 : 1;
                for (int t = 0; t < n; t++) {
                    int unitOut = out ? t : t / plan.replicas();
                    w[i][t] = sign * (long) layer.weights()[unitIn][unitOut];
                }
            }
            String pre = l == 0 ? inputName : layers.get(l - 1).name();
            connections.addAll(LadderWeights.of(pre, layer.name(), l == 0 ? 0 : -1, l == 0 ? -1 : l - 1, l, w));
            long[][] g = new long[gates.count()][n];
            for (int t = 0; t < n; t++) {
                int j = out ? t : t / plan.replicas();
                int r = out ? 0 : t % plan.replicas();
                long total = out ? layer.bias()[j] : -hold[l] + constant(layer, plan.replicasOf(layer), j, r);
                long[] split = split(total, pieces);
                for (int p = 0; p < pieces; p++) {
                    g[gates.hold(p)][t] = split[p];
                }
                if (out) {
                    continue;
                }
                PhaseReplicas rep = plan.replicasOf(layer);
                g[gates.open(l)][t] = hold[l];
                for (int s = 0; s < rep.windowSteps(); s++) {
                    g[gates.ramp(l, s)][t] = rep.thresholdUnits();
                }
                long stop = ceilTo(2 * REPLICA_VTH + 2 * rep.thresholdUnits() + 1, LadderWeights.TOP) + LadderWeights.TOP;
                g[gates.stop(l, rep.cap(r) < rep.windowSteps())][t] = -stop;
                if (l == 0) {
                    firstLayerLimit[j] = t % plan.replicas() == 0 ? hold[0] + REPLICA_VTH - maxOverReplicas(layer, rep, j)
                            : firstLayerLimit[j];
                }
            }
            connections.addAll(LadderWeights.of(GATES, layer.name(), -1, gateBlock, l, g));
            if (!out) {
                connections.add(selfStep(layer.name(), l, n));
            }
        }
        blocks.add(gates.block());
        precision.add(new LayerPrecision(GATES, GATE_VTH_MANT << ChipLimits.VTH_SHIFT, "phase gates", 0, 0, 0,
                gates.minBias(), gates.maxBias(), 1));
        connections.add(gates.selfInhibition(gateBlock));
        InputEncoding encoding = new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, features, plan.inputScale(),
                outputActivation, copies, inputSteps);
        DiscreteNetwork network = new DiscreteNetwork(plan.model(), List.of(new Input(inputName, 2 * features * copies)),
                blocks, connections, List.of(layers.get(hidden).name()), encoding, precision);
        return new Built(network, timing, firstLayerLimit, gates.silentSteps());
    }

    /**
     * What replica r of unit j gets besides its input and the hold: bias, offset, and the shift
     * that makes its count start cap_r steps before its stop (in steps). With the lift cancelling
     * the hold, v at window step t is sum + constant + (t + 1) theta, and the replica fires at
     * step t (and after) exactly when sum + bias + offset_r >= (cap_r - t) theta.
     */
    static long constant(PhaseLayer layer, PhaseReplicas rep, int j, int r) {
        return layer.bias()[j] + rep.offset(r) + REPLICA_VTH + 1 - (long) (rep.cap(r) + 1) * rep.thresholdUnits();
    }

    private static long maxOverReplicas(PhaseLayer layer, PhaseReplicas rep, int j) {
        long max = Long.MIN_VALUE;
        for (int r = 0; r < rep.replicas(); r++) {
            max = Math.max(max, constant(layer, rep, j, r));
        }
        return max;
    }

    /**
     * Each replica's synapse of one step onto itself (what keeps it firing through its window):
     * a diagonal, the image of the n x n matrix with the same entries without its n^2 ints.
     */
    static DiscreteConnection selfStep(String name, int block, int n) {
        return DiscreteConnection.diagonal(name, block, n, SignMode.EXCITATORY, 0, (int) REPLICA_VTH,
                DiscreteConnection.SYNTHESIZED);
    }

    /** {@code total} in {@code pieces} near-equal integer parts. */
    static long[] split(long total, int pieces) {
        long[] out = new long[pieces];
        long base = Math.floorDiv(total, pieces);
        long rem = total - base * pieces;
        for (int p = 0; p < pieces; p++) {
            out[p] = base + (p < rem ? 1 : 0);
        }
        return out;
    }

    /**
     * The pieces the hold charges arrive in: small enough that the largest ({@code largest}
     * steps) shares q with a step of host spikes ({@code firstStepIn}), and each one outweighing
     * that step, so the first layer's hold stays ahead of its sum while the input arrives.
     */
    static int holdPieces(long largest, long firstHold, long firstConstant, long firstStepIn, int inputSteps) {
        long pieceRoom = Q_STEPS - firstStepIn;
        int pieces = (int) Math.max(1, (largest + pieceRoom - 1) / pieceRoom);
        if ((firstHold - firstConstant) / pieces < firstStepIn + REPLICA_VTH || pieces > inputSteps) {
            throw new IllegalArgumentException("the hold does not keep ahead of the input: pieces=" + pieces
                    + ", stepIn=" + firstStepIn + ", room=" + pieceRoom);
        }
        return pieces;
    }

    static long ceilTo(long x, long step) {
        return Math.floorDiv(x + step - 1, step) * step;
    }

    private static long absColumnMax(PhaseLayer layer) {
        long max = 0;
        for (int j = 0; j < layer.units(); j++) {
            long sum = 0;
            for (int i = 0; i < layer.inputs(); i++) {
                sum += Math.abs(layer.weights()[i][j]);
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    private static long positiveColumnMax(PhaseLayer layer) {
        long max = 0;
        for (int j = 0; j < layer.units(); j++) {
            long sum = 0;
            for (int i = 0; i < layer.inputs(); i++) {
                sum += Math.max(0, layer.weights()[i][j]);
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    static DiscreteBlock replicas(String name, int n, double scale) {
        return new DiscreteBlock(name, NeuronType.SPIKING_RELU, n, scale, (int) REPLICA_VTH, ChipLimits.DECAY_MAX, 0,
                ChipLimits.REFRACT_MIN, ChipLimits.VMIN_EXP_MAX, ChipLimits.VMAX_EXP_MAX, new int[n], new int[n]);
    }

    static DiscreteBlock readout(String name, int n, double scale) {
        return new DiscreteBlock(name, NeuronType.READOUT, n, scale, ChipLimits.VTH_MANT_MAX, ChipLimits.DECAY_MAX,
                ChipLimits.DECAY_MAX, ChipLimits.REFRACT_MIN, ChipLimits.VMIN_EXP_MAX, ChipLimits.VMAX_EXP_MAX, new int[n],
                new int[n]);
    }
}
