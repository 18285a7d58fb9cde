package dev.loihi.compiler.phase;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.discretize.LayerPrecision;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.image.ChipLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@link CnnPhasePlan} as chip integers (docs/CONVERSION.md, "Phase code for quantized CNNs"):
 * the dense {@link PhaseNetwork}'s mechanism (hold, lift, ramp, stops from one-shot
 * {@link Gates}) with each hidden unit as the compartments of its {@link StaircaseReplicas}:
 * compartment c fires {@code clamp(floor((P + offset_c) / theta), 0, cap_c)} times, its window
 * closed by the stop of its cap, and the next stage reads it with {@code weight_c} times the
 * unit's integer weight; the staircase's base enters the next stage's bias. The output stage is
 * a readout of its exact P. A unit's synapses come from its window only (the plan's sparse
 * rows), written as discrete axons with sparse rows ({@link StepRows}, then
 * {@link dev.loihi.compiler.discretize.SparseRows}): no n x m matrix is made, and the
 * partitioner cuts each stage into contiguous compartment ranges (units are channels-last, so
 * bands of output rows) that keep every core within its limits. Self synapses and gate
 * inhibition are diagonals.
 */
public final class CnnPhaseNetwork {
    /** |vmin| in steps: no compartment's v may reach it, or a clipped sum would be lost. */
    static final long VMIN_STEPS = ((1L << ChipLimits.VMIN_EXP_MAX) - 1) / LadderWeights.STEP;

    private CnnPhaseNetwork() {}

    /**
     * The phase-coded image of {@code plan} (made for inputs in [xLow, xHigh]) for
     * {@code features} inputs sent as {@code copies} axons per sign over {@code inputSteps}
     * steps (copies x inputSteps = plan.inputLevels()); the metadata asks the host to refuse
     * inputs outside the range and to apply the output stage's cast to the readout.
     */
    public static CompileResult compile(CnnPhasePlan plan, int features, double xLow, double xHigh, int replicas,
                                        int copies, int inputSteps, String outputActivation, CompileOptions options) {
        // the cheapest bound first: a network past the chips' compartments is neither built nor partitioned
        long compartments = compartments(plan, replicas);
        long room = (long) options.chips() * ChipLimits.CORES_PER_CHIP * ChipLimits.COMPARTMENTS_PER_CORE;
        if (compartments > room) {
            throw new IllegalArgumentException("the network needs more compartments than the chips hold: compartments="
                    + compartments + ", chips=" + options.chips() + ", limit=" + room);
        }
        PhaseNetwork.Built built = build(plan, features, replicas, "input", copies, inputSteps, outputActivation, xLow,
                xHigh);
        CnnStage out = plan.stages().get(plan.stages().size() - 1);
        return PhaseCompiler.compile(built, replicas, plan.inputStep(), firstStageWeights(plan, features),
                new double[] {xLow, xHigh}, out.cast(), options);
    }

    /** Compartments of the stages (each hidden unit its staircase's, the readout one per unit), gates aside. */
    static long compartments(CnnPhasePlan plan, int replicas) {
        List<CnnStage> stages = plan.stages();
        long n = stages.get(stages.size() - 1).units();
        for (int s = 0; s + 1 < stages.size(); s++) {
            CnnStage st = stages.get(s);
            n += (long) st.units() * StaircaseReplicas.of(st.staircase(), st.quantumUnits(), st.rounding(), replicas)
                    .compartments();
        }
        return n;
    }

    /** The chip network; IllegalArgumentException naming the limit when some charge does not fit. */
    public static PhaseNetwork.Built build(CnnPhasePlan plan, int features, int replicas, String inputName, int copies,
                                           int inputSteps, String outputActivation) {
        return build(plan, features, replicas, inputName, copies, inputSteps, outputActivation,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #build(CnnPhasePlan, int, int, String, int, int, String)} for inputs in [xLow,
     * xHigh]: a sign the host never sends (no negative input when xLow >= 0) gets no synapses.
     */
    public static PhaseNetwork.Built build(CnnPhasePlan plan, int features, int replicas, String inputName, int copies,
                                           int inputSteps, String outputActivation, double xLow, double xHigh) {
        if ((long) copies * inputSteps != plan.inputLevels()) {
            throw new IllegalArgumentException("copies x inputSteps != inputLevels: " + copies + " x " + inputSteps);
        }
        List<CnnStage> stages = plan.stages();
        int hidden = stages.size() - 1;
        StaircaseReplicas[] rep = new StaircaseReplicas[hidden];
        for (int s = 0; s <= hidden; s++) {
            CnnStage st = stages.get(s);
            if (s < hidden) {
                rep[s] = StaircaseReplicas.of(st.staircase(), st.quantumUnits(), st.rounding(), replicas);
            }
        }
        long[][] bias = new long[stages.size()][];
        long[] stepIn = new long[stages.size()];
        long[] positive = new long[stages.size()];
        long[] negative = new long[stages.size()];
        for (int s = 0; s < stages.size(); s++) {
            CnnStage st = stages.get(s);
            bias[s] = st.bias().clone();
            for (int j = 0; j < st.units(); j++) {
                long step = 0;
                long pos = 0;
                long neg = 0;
                for (int w : st.weights()[j]) {
                    if (s == 0) {
                        step += Math.abs((long) w) * copies;
                        neg -= Math.abs((long) w) * plan.inputLevels();
                        continue;
                    }
                    StaircaseReplicas below = rep[s - 1];
                    bias[s][j] += w * below.base();
                    for (int c = 0; c < below.compartments(); c++) {
                        long x = w * below.weight()[c];
                        step += Math.abs(x);
                        pos += Math.max(0, x) * below.cap()[c];
                        neg += Math.min(0, x) * below.cap()[c];
                    }
                }
                stepIn[s] = Math.max(stepIn[s], step);
                positive[s] = Math.max(positive[s], pos);
                negative[s] = Math.min(negative[s], neg);
            }
        }
        long[] hold = new long[hidden];
        long[] maxConstant = new long[hidden];
        long largest = 0;
        int[] windows = new int[hidden];
        int[][] caps = new int[hidden][];
        for (int s = 0; s < hidden; s++) {
            String name = stages.get(s).name();
            long theta = rep[s].threshold();
            windows[s] = rep[s].windowSteps();
            caps[s] = new TreeSet<>(Arrays.stream(rep[s].cap()).boxed().toList()).descendingSet().stream()
                    .mapToInt(Integer::intValue).toArray();
            long max = Long.MIN_VALUE;
            long min = Long.MAX_VALUE;
            for (int j = 0; j < stages.get(s).units(); j++) {
                for (int c = 0; c < rep[s].compartments(); c++) {
                    max = Math.max(max, constant(bias[s][j], rep[s], c));
                    min = Math.min(min, constant(bias[s][j], rep[s], c));
                }
            }
            maxConstant[s] = max;
            long room = PhaseNetwork.Q_STEPS - theta - (s == 0 ? 0 : stepIn[s]);
            hold[s] = s == 0 ? room / LadderWeights.TOP * LadderWeights.TOP
                    : PhaseNetwork.ceilTo(Math.max(0, positive[s] + max), LadderWeights.TOP);
            if (hold[s] > room) {
                throw new IllegalArgumentException("stage " + name + " needs a hold of " + hold[s]
                        + " steps, one step's q allows " + room);
            }
            if (hold[s] - min - negative[s] > VMIN_STEPS) {
                throw new IllegalArgumentException("stage " + name + " could reach vmin: hold=" + hold[s]
                        + ", constant=" + min + ", negative input=" + negative[s] + ", vmin=" + VMIN_STEPS);
            }
            if (stopCharge(windows[s], 1, theta) > PhaseNetwork.Q_STEPS - theta) {
                throw new IllegalArgumentException("stage " + name + ": a stop does not fit one step's q, theta=" + theta);
            }
            largest = Math.max(largest, hold[s] + Math.max(Math.abs(max), Math.abs(min)) + 2 * theta);
        }
        for (long b : bias[hidden]) {
            largest = Math.max(largest, Math.abs(b));
        }
        if (Arrays.stream(bias[hidden]).map(Math::abs).max().orElse(0) + positive[hidden] - negative[hidden] > VMIN_STEPS) {
            throw new IllegalArgumentException("readout " + stages.get(hidden).name() + " could pass v's range: vmin="
                    + VMIN_STEPS);
        }
        int pieces = PhaseNetwork.holdPieces(largest, hold[0], maxConstant[0], stepIn[0], inputSteps);
        PhaseTiming timing = PhaseTiming.of(inputSteps, pieces, windows);
        Gates gates = Gates.of(timing, caps);

        List<DiscreteBlock> blocks = new ArrayList<>();
        List<LayerPrecision> precision = new ArrayList<>();
        List<DiscreteConnection> connections = new ArrayList<>();
        int gateBlock = hidden + 1;
        long[] firstLayerLimit = new long[stages.get(0).units()];
        for (int s = 0; s <= hidden; s++) {
            CnnStage st = stages.get(s);
            boolean out = s == hidden;
            int per = out ? 1 : rep[s].compartments();
            int n = st.units() * per;
            double scale = LadderWeights.STEP / st.unit();
            blocks.add(out ? PhaseNetwork.readout(st.name(), n, scale) : PhaseNetwork.replicas(st.name(), n, scale));
            precision.add(new LayerPrecision(st.name(), scale, "phase code: exact integers", 0, 0, 0, 0, 0, out ? 0 : 1));
            String pre = s == 0 ? inputName : stages.get(s - 1).name();
            StepRows in = s == 0 ? inputWeights(st, features, copies, per, xHigh > 0, xLow < 0)
                    : inputWeights(st, rep[s - 1], stages.get(s - 1).units(), copies, per);
            connections.addAll(LadderWeights.of(pre, st.name(), s == 0 ? 0 : -1, s == 0 ? -1 : s - 1, s, in,
                    s == 0 ? 0 : rep[s - 1].compartments()));
            long[][] g = new long[gates.count()][n];
            for (int t = 0; t < n; t++) {
                int j = t / per;
                int c = t % per;
                long total = out ? bias[s][j] : -hold[s] + constant(bias[s][j], rep[s], c);
                long[] split = PhaseNetwork.split(total, pieces);
                for (int p = 0; p < pieces; p++) {
                    g[gates.hold(p)][t] = split[p];
                }
                if (out) {
                    continue;
                }
                long theta = rep[s].threshold();
                g[gates.open(s)][t] = hold[s];
                for (int k = 0; k < windows[s]; k++) {
                    g[gates.ramp(s, k)][t] = theta;
                }
                int cap = rep[s].cap()[c];
                g[gates.stop(s, cap)][t] = -stopCharge(windows[s], cap, theta);
                if (s == 0 && c == 0) {
                    firstLayerLimit[j] = hold[0] + PhaseNetwork.REPLICA_VTH - maxOver(bias[0][j], rep[0]);
                }
            }
            connections.addAll(LadderWeights.of(PhaseNetwork.GATES, st.name(), -1, gateBlock, s, g));
            if (!out) {
                connections.add(PhaseNetwork.selfStep(st.name(), s, n));
            }
        }
        blocks.add(gates.block());
        precision.add(new LayerPrecision(PhaseNetwork.GATES, PhaseNetwork.GATE_VTH_MANT << ChipLimits.VTH_SHIFT,
                "phase gates", 0, 0, 0, gates.minBias(), gates.maxBias(), 1));
        connections.add(gates.selfInhibition(gateBlock));
        InputEncoding encoding = new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, features,
                plan.inputLevels() * plan.inputStep(), outputActivation, copies, inputSteps);
        DiscreteNetwork network = new DiscreteNetwork(plan.model(), List.of(new Input(inputName, 2 * features * copies)),
                blocks, connections, List.of(stages.get(hidden).name()), encoding, precision);
        return new PhaseNetwork.Built(network, timing, firstLayerLimit, gates.silentSteps());
    }

    /** The first stage's integer weights as [feature][unit], what the host checks an input's sums with. */
    public static int[][] firstStageWeights(CnnPhasePlan plan, int features) {
        CnnStage first = plan.stages().get(0);
        int[][] w = new int[features][first.units()];
        for (int j = 0; j < first.units(); j++) {
            for (int k = 0; k < first.inputs()[j].length; k++) {
                w[first.inputs()[j][k]][j] = first.weights()[j][k];
            }
        }
        return w;
    }

    /**
     * Synapses into stage {@code st}, in its P steps, row by row: from the host's axons (two signs
     * x copies per feature) when {@code below} is null, else from every compartment c of the units
     * below with the unit's weight times {@code weight_c}; {@code units} senders' units, {@code per}
     * targets per unit. Only the units whose window holds a sender get a synapse from it.
     */
    static StepRows inputWeights(CnnStage st, StaircaseReplicas below, int units, int copies, int per) {
        return inputWeights(st, below, units, copies, per, true, true);
    }

    /** The first stage's synapses from the host's axons, the positive and the negative sign's when they are sent. */
    private static StepRows inputWeights(CnnStage st, int features, int copies, int per, boolean positive,
                                         boolean negative) {
        return inputWeights(st, null, features, copies, per, positive, negative);
    }

    private static StepRows inputWeights(CnnStage st, StaircaseReplicas below, int units, int copies, int per,
                                         boolean positive, boolean negative) {
        int senders = below == null ? 2 * copies : below.compartments();
        // per sender unit, the units reading it (ascending) and the summed weight
        int[] count = new int[units + 1];
        for (int[] in : st.inputs()) {
            for (int src : in) {
                count[src + 1]++;
            }
        }
        for (int u = 0; u < units; u++) {
            count[u + 1] += count[u];
        }
        int[] readerOf = new int[count[units]];
        long[] weightOf = new long[readerOf.length];
        int[] fill = count.clone();
        for (int j = 0; j < st.units(); j++) {
            for (int k = 0; k < st.inputs()[j].length; k++) {
                int src = st.inputs()[j][k];
                int at = fill[src];
                if (at > count[src] && readerOf[at - 1] == j) {
                    weightOf[at - 1] += st.weights()[j][k];
                    continue;
                }
                readerOf[at] = j;
                weightOf[at] = st.weights()[j][k];
                fill[src]++;
            }
        }
        int[] rowStart = new int[units * senders + 1];
        for (int u = 0; u < units; u++) {
            int readers = 0;
            for (int t = count[u]; t < fill[u]; t++) {
                readers += weightOf[t] != 0 ? 1 : 0;
            }
            for (int a = 0; a < senders; a++) {
                int row = u * senders + a;
                int n = sends(below, a, copies, positive, negative) ? readers * per : 0;
                rowStart[row + 1] = rowStart[row] + n;
            }
        }
        int[] post = new int[rowStart[rowStart.length - 1]];
        long[] steps = new long[post.length];
        int n = 0;
        for (int u = 0; u < units; u++) {
            for (int a = 0; a < senders; a++) {
                if (!sends(below, a, copies, positive, negative)) {
                    continue;
                }
                for (int t = count[u]; t < fill[u]; t++) {
                    long weight = weightOf[t];
                    if (weight == 0) {
                        continue;
                    }
                    long x = below == null ? (a < copies ? weight : -weight) : weight * below.weight()[a];
                    for (int c = 0; c < per; c++) {
                        post[n] = readerOf[t] * per + c;
                        steps[n++] = x;
                    }
                }
            }
        }
        return new StepRows(st.units() * per, rowStart, post, steps);
    }

    /** Whether sender a carries anything: a host axon of a sign that is sent, a compartment read with a weight. */
    private static boolean sends(StaircaseReplicas below, int a, int copies, boolean positive, boolean negative) {
        return below == null ? (a < copies ? positive : negative) : below.weight()[a] != 0;
    }

    /**
     * Compartment c's charge besides its input and the hold, as {@link PhaseNetwork#constant}: it
     * fires at window step t (and after) exactly when P + offset_c >= (cap_c - t) theta.
     */
    private static long constant(long bias, StaircaseReplicas rep, int c) {
        return bias + rep.offset()[c] + PhaseNetwork.REPLICA_VTH + 1 - (long) (rep.cap()[c] + 1) * rep.threshold();
    }

    private static long maxOver(long bias, StaircaseReplicas rep) {
        long max = Long.MIN_VALUE;
        for (int c = 0; c < rep.compartments(); c++) {
            max = Math.max(max, constant(bias, rep, c));
        }
        return max;
    }

    /** Enough to keep a compartment of {@code cap} below threshold through the ramp steps left after its stop. */
    private static long stopCharge(int window, int cap, long theta) {
        return PhaseNetwork.ceilTo(2 * PhaseNetwork.REPLICA_VTH + (long) (window - cap + 2) * theta + 1, LadderWeights.TOP)
                + LadderWeights.TOP;
    }
}
