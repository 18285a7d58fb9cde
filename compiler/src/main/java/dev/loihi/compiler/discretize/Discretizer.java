package dev.loihi.compiler.discretize;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.GivenBlock;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.Weights;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The discretize pass: float {@link Network} to chip integers, one ensemble (block) at a time,
 * in network order. The float model it maps, per step and in threshold units: u follows the
 * summed weights of this step's spikes (low-passed with unit DC gain when the connection has a
 * synapse tau, so tau smooths a spike's charge without changing it); v = v x (1 - leak) + u +
 * bias; a spike when v > 1, then v = 0. SUBTRACTIVE_RELU instead sums in u (see
 * {@link #subtractiveNote below}).
 *
 * <p>Per block it measures the inputs ({@link BlockInputs}), cuts mixed-sign connections into
 * one synapse format per sign where the block can afford it ({@link SignSplit}), picks the
 * scale ({@link ScaleSearch}), rounds weights ({@link WeightRounding}) and bias
 * ({@link BiasRounding}), then checks the exact integer input bounds and lowers the scale if
 * rounding pushed one over its limit. Voltage floor (vmin): SPIKING_RELU lets v fall to between
 * one and two thresholds below 0 (vmin_exp = bit length of vth), so inhibition that arrives before
 * excitation in the same window still cancels it, which rate-coded ReLU conversion needs, while
 * a long inhibited stretch cannot build an unbounded debt that would mute the neuron after its
 * input changes; LIF clips at 0 like the float LIF model; READOUT uses the full range.
 *
 * <p id="subtractiveNote">SUBTRACTIVE_RELU (reset by subtraction): u is the sum, with the leak
 * {@link IntegratorLeak} picks; v = u + bias + |v'| >> 12 only tests the threshold (decay_v =
 * 4095, vmin between one and two thresholds below 0 so that carry stays small); the chip bias
 * holds vth / 2, so a neuron spikes once u exceeds half a threshold, which makes spike counts
 * round instead of truncate. The chip's own reset of v to 0 then costs nothing, and a
 * synapse from each neuron onto itself of weight -vth (exact: vth is a valid weight, see
 * {@link ScaleSearch}) subtracts the threshold from u one step after the spike, which is the
 * step after the test. The float bias, which must be summed, arrives from an added ALWAYS_ON
 * block ({@link BiasSource}). Blocks are added after the network's ensembles and connections
 * after its own, so indices of the float network stay valid for blocks.
 */
public final class Discretizer {

    public static final double PRECISION_WARNING_RMS = 0.02;
    public static final int VMAX_EXP = ChipLimits.VMAX_EXP_MAX;
    private static final int MAX_SCALE_RETRIES = 32;
    private static final double RETRY_BACKOFF = 0.01;

    private final Diagnostics diagnostics;
    /** The weakest leak {@link LeakBalance} may take, 1/4096 per step; 0: any. */
    private final int leakFloor;
    /** The presentation bound asked for, 0 for none. */
    private final int askedSteps;
    /**
     * The presentation bound u is sized for (ScaleSearch.settle): the one asked for when the image
     * can record it (a network with an input encoding), else 0.
     */
    private int maxSteps;
    /** By ensemble name, the staggered starts of the network being discretized (null: none), for {@link CopyRuns#rows}. */
    private Map<String, double[]> starts = Map.of();
    /** By ensemble name, blocks whose u is sized for a share of its worst case ({@link Headroom}). */
    private final Map<String, Headroom> headroom;

    public Discretizer(Diagnostics diagnostics) {
        this(diagnostics, 0, 0);
    }

    public Discretizer(Diagnostics diagnostics, int leakFloor, int maxSteps) {
        this(diagnostics, leakFloor, maxSteps, Map.of());
    }

    public Discretizer(Diagnostics diagnostics, int leakFloor, int maxSteps, Map<String, Headroom> headroom) {
        this.diagnostics = diagnostics;
        this.leakFloor = leakFloor;
        this.askedSteps = maxSteps;
        this.headroom = headroom;
    }

    /** Expects a network that passed {@link NetworkChecker}. */
    public DiscreteNetwork discretize(Network network) {
        // Only a bound the image records is one the host can enforce.
        boolean bounded = askedSteps > 0 && network.encoding() != null
                && network.ensembles().stream().anyMatch(en -> en.type() == NeuronType.SUBTRACTIVE_RELU);
        maxSteps = bounded ? askedSteps : 0;
        Map<String, Integer> inputIndex = new HashMap<>();
        for (int i = 0; i < network.inputs().size(); i++) {
            inputIndex.put(network.inputs().get(i).name(), i);
        }
        Map<String, Integer> blockIndex = new HashMap<>();
        starts = new HashMap<>();
        for (int b = 0; b < network.ensembles().size(); b++) {
            blockIndex.put(network.ensembles().get(b).name(), b);
            starts.put(network.ensembles().get(b).name(), network.ensembles().get(b).start());
        }
        List<List<Integer>> incoming = new ArrayList<>();
        for (int b = 0; b < network.ensembles().size(); b++) {
            incoming.add(new ArrayList<>());
        }
        for (int c = 0; c < network.connections().size(); c++) {
            incoming.get(blockIndex.get(network.connections().get(c).post())).add(c);
        }
        int ensembles = network.ensembles().size();
        String biasName = BiasSource.name(network);
        boolean biasUsed = false;
        int biasBlock = ensembles;

        double[] rateBound = new double[ensembles];
        Arrays.fill(rateBound, Double.NaN);
        List<DiscreteBlock> blocks = new ArrayList<>();
        List<List<DiscreteConnection>> partsOf = new ArrayList<>();
        for (int c = 0; c < network.connections().size(); c++) {
            partsOf.add(new ArrayList<>());
        }
        List<DiscreteConnection> added = new ArrayList<>();
        List<LayerPrecision> precision = new ArrayList<>();
        boolean fine = false;
        for (int b = 0; b < ensembles; b++) {
            Ensemble ensemble = network.ensembles().get(b);
            List<Connection> in = new ArrayList<>();
            List<Integer> sources = new ArrayList<>();
            List<Double> preRates = new ArrayList<>();
            List<Double> rateSquares = new ArrayList<>();
            List<double[]> meanRates = new ArrayList<>();
            for (int c : incoming.get(b)) {
                Connection conn = network.connections().get(c);
                in.add(conn);
                sources.add(c);
                meanRates.add(network.meanRate(conn.pre()));
                rateSquares.add(network.rateSquare(conn.pre()));
                Integer pre = blockIndex.get(conn.pre());
                // Host axons and blocks not yet bounded (recurrent edges) may spike every step.
                preRates.add(pre == null || Double.isNaN(rateBound[pre]) ? 1 : rateBound[pre]);
            }
            boolean subtractive = ensemble.type() == NeuronType.SUBTRACTIVE_RELU;
            // A block with measured inputs takes the source even without a bias of its own: the
            // drift its weights' rounding adds is taken off there (FineBias.drift).
            boolean measured = meanRates.stream().anyMatch(Objects::nonNull);
            if (subtractive && (BiasSource.hasBias(ensemble) || measured)) {
                in.add(BiasSource.connection(biasName, ensemble));
                sources.add(DiscreteConnection.SYNTHESIZED);
                preRates.add(1.0);
                rateSquares.add(1.0);
                meanRates.add(null);
                biasUsed = true;
            }
            int biasInput = sources.indexOf(DiscreteConnection.SYNTHESIZED);
            BlockResult result = block(ensemble, in, preRates.stream().mapToDouble(Double::doubleValue).toArray(),
                    rateSquares.stream().mapToDouble(Double::doubleValue).toArray(), meanRates, biasInput,
                    network.given().get(ensemble.name()));
            blocks.add(result.block);
            precision.add(result.precision);
            rateBound[b] = result.precision.maxRate();
            for (int p = 0; p < result.parts.size(); p++) {
                int source = sources.get(result.parts.get(p).connection());
                DiscreteConnection dc = part(result, p, in, source, b, source == DiscreteConnection.SYNTHESIZED
                        ? biasBlock : blockIndex.getOrDefault(in.get(result.parts.get(p).connection()).pre(), -1),
                        inputIndex);
                (source == DiscreteConnection.SYNTHESIZED ? added : partsOf.get(source)).add(dc);
            }
            if (result.fineBias != null) {
                added.add(FineBias.connection(biasName, ensemble.name(), biasBlock, b, result.fineBias));
                fine = true;
            }
            if (subtractive) {
                added.add(ResetSynapse.of(result.block, b));
            }
        }
        if (biasUsed) {
            blocks.add(fine ? FineBias.block(biasName) : BiasSource.block(biasName, 1));
            precision.add(fine ? FineBias.precision(biasName) : BiasSource.precision(biasName));
        }
        List<DiscreteConnection> connections = new ArrayList<>();
        partsOf.forEach(connections::addAll);
        connections.addAll(added);
        // The image records the bound its integrators were sized for: the host refuses longer presentations.
        return new DiscreteNetwork(network.name(), network.inputs(), blocks, connections, network.outputs(),
                bounded ? network.encoding().withMaxSteps(maxSteps) : network.encoding(), precision);
    }

    private record BlockResult(DiscreteBlock block, LayerPrecision precision, List<WeightPart> parts,
                               WeightRounding.Rounded[] rounded, int[] exps, int[][] fineBias) {}

    /** Part {@code p} of block {@code b}'s rounded inputs as a connection from {@code preBlock} or an input. */
    private static DiscreteConnection part(BlockResult result, int p, List<Connection> in, int source, int b,
                                           int preBlock, Map<String, Integer> inputIndex) {
        WeightPart part = result.parts.get(p);
        Connection c = in.get(part.connection());
        int preInput = preBlock >= 0 ? -1 : inputIndex.getOrDefault(c.pre(), -1);
        return DiscreteConnection.sparse(c.pre(), c.post(), preInput, preBlock, b, c.synapses().rows(),
                result.block.n(), part.mode(), result.exps[p], synapses(c.synapses(), result.rounded[p].mants()), source);
    }

    /** The nonzero mantissas of a part, one per entry of its connection's weights, as rows of synapses. */
    private static SparseRows synapses(Weights weights, int[] mants) {
        int[] rowStart = new int[weights.rows() + 1];
        int count = 0;
        for (int m : mants) {
            count += m != 0 ? 1 : 0;
        }
        int[] post = new int[count];
        int[] kept = new int[count];
        int s = 0;
        for (int i = 0; i < weights.rows(); i++) {
            for (int k = weights.start(i); k < weights.start(i + 1); k++) {
                if (mants[k] != 0) {
                    post[s] = weights.column(k);
                    kept[s++] = mants[k];
                }
            }
            rowStart[i + 1] = s;
        }
        return new SparseRows(rowStart, post, kept);
    }

    /**
     * @param rateSquares per input, its pre neurons' mean squared rate ({@link Network#rateSquare})
     * @param meanRates   per input, its pre neurons' mean rates on the calibration inputs, or null where not measured
     * @param biasInput   index in {@code in} of the bias a SUBTRACTIVE_RELU block receives as an input, or -1
     * @param given       the block's scale and exponents to take as they are, or null to search them
     */
    private BlockResult block(Ensemble e, List<Connection> in, double[] preRates, double[] rateSquares,
                              List<double[]> meanRates, int biasInput, GivenBlock given) {
        if (e.type() == NeuronType.ALWAYS_ON) {
            return new BlockResult(BiasSource.block(e.name(), e.n()), BiasSource.precision(e.name()), List.of(),
                    new WeightRounding.Rounded[0], new int[0], null);
        }
        // The bias input is the discretizer's own and has no synapse tau.
        double tau = synapseTau(e, biasInput < 0 ? in : in.subList(0, biasInput));
        BlockDynamics dynamics = BlockDynamics.of(e, tau);
        if (e.type() == NeuronType.READOUT && tau > 0) {
            diagnostics.warn(CompilerErrors.DISCRETIZE_READOUT_SYNAPSE, e.name(), "synapse tau into a readout is ignored: ensemble="
                    + e.name() + ", synapseTau=" + tau);
        }
        boolean subtractive = e.type() == NeuronType.SUBTRACTIVE_RELU;
        if (subtractive && tau > 0) {
            diagnostics.warn(CompilerErrors.DISCRETIZE_INTEGRATOR_SYNAPSE, e.name(), "synapse tau into a SUBTRACTIVE_RELU ensemble is ignored"
                    + " (u holds its sum): ensemble=" + e.name() + ", synapseTau=" + tau);
        }
        // A SUBTRACTIVE_RELU bias arrives as an input (BiasSource); the chip bias holds the offset 1/2.
        Ensemble measured = subtractive ? new Ensemble(e.name(), e.n(), e.type(), e.tauRc(), e.tauRef(),
                new double[e.n()], e.start()) : e;
        // Reserved: the reset synapse's format and, with a bias input, the fine bias's format and axons.
        boolean fine = biasInput >= 0;
        BlockInputs inputs = BlockInputs.measure(measured, in, preRates, subtractive ? (fine ? 2 : 1) : 0,
                fine ? FineBias.PERIODS.length - 1 : 0);
        double[] chipBias = subtractive ? starts(e) : e.bias();
        if (given != null && !subtractive) {
            GivenParts parts = GivenParts.of(e, in, inputs.parts(), given);
            Rounding r = round(e, in, inputs, dynamics, given.scale(), chipBias, parts, -1, null);
            double excess = r.worstLimitRatio(e.type(), dynamics.decayU(), maxSteps, 1);
            if (excess > 1) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "the given scale does not fit the block's inputs:"
                        + " ensemble=" + e.name() + ", scale=" + given.scale() + ", worstLimitRatio=" + excess + ", max=1");
            }
            return finish(e, in, biasInput, inputs, dynamics, given.bindingLimit(), given.scale(), r, given);
        }
        BlockDynamics base = dynamics;
        boolean compensated = !ExactScale.wanted(in, biasInput);
        IntFunction<Fit> trial = decayU -> fit(e, in, rateSquares, meanRates, biasInput, inputs,
                base.withDecayU(decayU, compensated), chipBias, 1);
        Headroom room = subtractive && compensated ? headroom.get(e.name()) : null;
        // Quantized weights kept exactly have no rounding error to weigh the leak against.
        Fit fit = room != null ? fit(e, in, rateSquares, meanRates, biasInput, inputs,
                base.withDecayU(room.decayU(), true), chipBias, room.factor())
                : subtractive ? (compensated ? LeakBalance.choose(trial, leakFloor) : IntegratorLeak.choose(trial))
                : fit(e, in, rateSquares, meanRates, biasInput, inputs, dynamics, chipBias, 1);
        return finish(e, in, biasInput, inputs, fit.dynamics(), fit.binding(), fit.scale(), fit.rounding(), null);
    }

    /** A block's integers at the largest scale whose rounded inputs fit, and what rounding its weights cost. */
    private record Fit(BlockDynamics dynamics, String binding, double scale, Rounding rounding, double weightRmsError,
                       double weightDriveError, double biasDriveError)
            implements LeakBalance.Trial {
        @Override
        public int decayU() {
            return dynamics.decayU();
        }

        @Override
        public boolean exact() {
            return ExactScale.BINDING.equals(binding);
        }
    }

    /** @param headroom a SUBTRACTIVE_RELU block's u sized for 1 / headroom of its worst case ({@link Headroom}) */
    private Fit fit(Ensemble e, List<Connection> in, double[] rateSquares, List<double[]> meanRates, int biasInput,
                    BlockInputs inputs, BlockDynamics dynamics, double[] chipBias, int headroom) {
        ScaleSearch.Choice choice = ScaleSearch.choose(e.name(), e.type(), dynamics.inputGain(), inputs,
                dynamics.decayU(), maxSteps, headroom);
        double scale = choice.scale();
        if (ExactScale.wanted(in, biasInput)) {
            double exact = ExactScale.choose(e.type(), scale, s -> {
                Rounding r = round(e, in, inputs, dynamics, s, chipBias, null, biasInput, meanRates);
                return r.worstLimitRatio(e.type(), dynamics.decayU(), maxSteps, headroom) <= 1
                        && weightRmsError(r.parts(), r.rounded(), biasInput) == 0;
            });
            if (!Double.isNaN(exact)) {
                Rounding rounding = round(e, in, inputs, dynamics, exact, chipBias, null, biasInput, meanRates);
                return new Fit(dynamics, ExactScale.BINDING, exact, rounding, 0.0, 0.0, 0.0);
            }
        }
        for (int attempt = 0; attempt < MAX_SCALE_RETRIES; attempt++) {
            Rounding rounding = round(e, in, inputs, dynamics, scale, chipBias, null, biasInput, meanRates);
            double excess = rounding.worstLimitRatio(e.type(), dynamics.decayU(), maxSteps, headroom);
            if (excess <= 1) {
                return new Fit(dynamics, choice.bindingLimit(), scale, rounding,
                        weightRmsError(rounding.parts(), rounding.rounded(), biasInput),
                        driveError(rounding, rateSquares, biasInput, false, e.n(), scale),
                        rounding.fineBias() != null ? Math.sqrt(rounding.fineBias().errorSquares() / e.n()) / scale
                                : driveError(rounding, rateSquares, biasInput, true, e.n(), scale));
            }
            // Rounding can push every weight of a column up by half a step at once, which a
            // scale just under the ratio does not undo; back off further on every retry.
            scale = scale / excess * (1 - Math.min(0.5, RETRY_BACKOFF * (1 << attempt)));
            if (e.type() != NeuronType.READOUT) {
                scale = ScaleSearch.grid(e.type(), scale);
                if (scale < ScaleSearch.SPIKING_GRID) {
                    break;
                }
            }
        }
        String code = e.type() == NeuronType.READOUT ? CompilerErrors.DISCRETIZE_READOUT_RANGE : CompilerErrors.DISCRETIZE_RANGE;
        throw new LoihiException(code, "rounded inputs do not fit the input range at any scale: ensemble="
                + e.name() + ", limit=q " + ChipLimits.Q_BITS + " bits / u " + ChipLimits.U_BITS + " bits, scale="
                + scale);
    }

    /**
     * The RMS over neurons of what rounding adds to one step's drive, in thresholds: of the
     * weights (the errors of a neuron's inputs taken as independent, each arriving at its pre
     * neuron's rate: a synapse's squared error weighs its input's mean squared rate, 1 where none
     * was measured) or of the bias input, which arrives every step ({@link LeakBalance}).
     */
    private static double driveError(Rounding r, double[] rateSquares, int biasInput, boolean bias, int n,
                                     double scale) {
        double errorSquares = 0;
        for (int p = 0; p < r.parts().size(); p++) {
            int connection = r.parts().get(p).connection();
            if ((connection == biasInput) == bias) {
                errorSquares += r.rounded()[p].errorSquares() * rateSquares[connection];
            }
        }
        return Math.sqrt(errorSquares / n) / scale;
    }

    /** RMS rounding error relative to the weights' RMS, over every part but the bias input. */
    private static double weightRmsError(List<WeightPart> parts, WeightRounding.Rounded[] rounded, int biasInput) {
        double errorSquares = 0;
        double valueSquares = 0;
        for (int p = 0; p < parts.size(); p++) {
            if (parts.get(p).connection() != biasInput) {
                errorSquares += rounded[p].errorSquares();
                valueSquares += rounded[p].valueSquares();
            }
        }
        return valueSquares > 0 ? Math.sqrt(errorSquares / valueSquares) : 0;
    }

    /**
     * Takes the rounding's drift ({@code FineBias.drift}, chip units) off a readout's biases
     * ({@code chipBias}, float units, changed in place), each held within the largest bias the
     * chip has at {@code scale}: the scale was chosen for the biases before the drift, so a
     * correction can pass it (c2d_rgb_gap's readout at 5 copies by 0.03%), and a readout's bias
     * then carries what fits rather than failing the compile. How many biases were held.
     */
    static int takeDrift(double[] chipBias, double[] drift, double scale) {
        double limit = BiasRounding.MAX_BIAS / scale;
        int clamped = 0;
        for (int j = 0; j < chipBias.length; j++) {
            double b = chipBias[j] - drift[j] / scale;
            if (Math.abs(b) > limit) {
                b = Math.copySign(limit, b);
                clamped++;
            }
            chipBias[j] = b;
        }
        return clamped;
    }

    /**
     * The chip bias of a SUBTRACTIVE_RELU block, in float units: the start of each sum, since a
     * neuron spiking when u + start > 1 counts as if u had started at start.
     */
    private static double[] starts(Ensemble e) {
        double[] start = new double[e.n()];
        for (int j = 0; j < start.length; j++) {
            double s = e.startOf(j);
            if (Double.isNaN(s) || Double.isInfinite(s)) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_NONFINITE, "start value is not finite: ensemble=" + e.name() + ", neuron=" + j
                        + ", value=" + s);
            }
            if (s < 0 || s >= 1) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "start value out of range: ensemble=" + e.name() + ", neuron=" + j
                        + ", value=" + s + ", min=0, max=1 (exclusive)");
            }
            start[j] = s;
        }
        return start;
    }

    private static double synapseTau(Ensemble e, List<Connection> in) {
        double tau = 0;
        for (int k = 0; k < in.size(); k++) {
            Connection c = in.get(k);
            double t = c.synapseTau();
            if (!Double.isFinite(t)) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_NONFINITE, "synapse tau is not finite: connection=" + c.pre() + " -> "
                        + c.post() + ", synapseTau=" + t);
            }
            if (t < 0) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "synapse tau is negative: connection=" + c.pre() + " -> "
                        + c.post() + ", synapseTau=" + t + ", min=0");
            }
            if (k > 0 && t != tau) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_SYNAPSE_TAU, "inputs of one ensemble need one synapse tau: ensemble="
                        + e.name() + ", first=" + tau + ", other=" + t + ", connection=" + c.pre() + " -> " + c.post());
            }
            tau = t;
        }
        return tau;
    }

    /** Integers of one block at one scale, with the per-neuron input bounds they imply. */
    private record Rounding(List<WeightPart> parts, WeightRounding.Rounded[] rounded, int[] exps, int[] biasMant,
                            int[] biasExp,
                            long[] qPositive, long[] qNegative, double vth, FineBias.Digits fineBias) {

        /**
         * Largest actual / limit over q, u + bias and (readouts) v; above 1 means a wrap or a spike.
         * A SUBTRACTIVE_RELU's u is held to 1 / {@code headroom} of its worst case ({@link Headroom}).
         */
        double worstLimitRatio(NeuronType type, int decayU, int maxSteps, int headroom) {
            double uGain = ChipLimits.DECAY_ONE / (double) (decayU + 1);
            double worst = 0;
            for (int j = 0; j < qPositive.length; j++) {
                if (type == NeuronType.SUBTRACTIVE_RELU) {
                    // The reset synapse adds vth to the negative side of q.
                    worst = Math.max(worst, Math.max(qPositive[j], qNegative[j] + vth) / ScaleSearch.Q_MAX);
                    double u = ScaleSearch.integratorNeed(qPositive[j] / vth, qNegative[j] / vth,
                            ScaleSearch.settle(decayU, maxSteps)) * vth;
                    worst = Math.max(worst, u / (ScaleSearch.U_MAX * headroom));
                    continue;
                }
                long bias = (long) biasMant[j] << biasExp[j];
                worst = Math.max(worst, Math.max(qPositive[j], qNegative[j]) / ScaleSearch.Q_MAX);
                // u settles at most at q x 4096 / (decay_u + 1); LOIHI.md's decay rounds toward zero.
                double u2 = Math.max(qPositive[j] * uGain + Math.max(bias, 0), qNegative[j] * uGain + Math.max(-bias, 0));
                worst = Math.max(worst, u2 / ScaleSearch.U_MAX);
                if (type == NeuronType.READOUT) {
                    worst = Math.max(worst, u2 * ScaleSearch.READOUT_CARRY / vth);
                }
            }
            return worst;
        }
    }

    /**
     * @param given     exponents to take instead of choosing them, or null
     * @param biasInput index in {@code in} of a SUBTRACTIVE_RELU block's bias input, or -1
     * @param meanRates per input, its pre neurons' mean rates, or null (all of it, or where not measured)
     */
    private Rounding round(Ensemble e, List<Connection> in, BlockInputs inputs, BlockDynamics dynamics, double scale,
                           double[] chipBias, GivenParts given, int biasInput, List<double[]> meanRates) {
        int n = e.n();
        long[] qPositive = new long[n];
        long[] qNegative = new long[n];
        List<WeightPart> parts = inputs.parts();
        WeightRounding.Rounded[] rounded = new WeightRounding.Rounded[parts.size()];
        int[] exps = new int[parts.size()];
        double factor = dynamics.inputGain() * scale;
        // Given weights are the chip's own, synapse by synapse: copies rounded as one sum would
        // share their steps out anew.
        int[] columnStart = given != null ? CopyRuns.single(n) : CopyRuns.columns(in, e.bias());
        for (int p = 0; p < parts.size(); p++) {
            WeightPart part = parts.get(p);
            SignMode mode = part.mode();
            double maxWeight = part.maxAbs() * factor;
            int exp = given != null ? given.exps()[p] : WeightRounding.exponent(maxWeight, mode);
            if (exp > WeightRounding.MAX_EXP) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "weight does not fit the largest exponent: connection="
                        + in.get(part.connection()).pre() + " -> " + e.name() + ", value=" + maxWeight + ", max="
                        + WeightRounding.fullMant(mode) * WeightRounding.unit(WeightRounding.MAX_EXP, mode)
                        / WeightRounding.mantStep(mode));
            }
            exps[p] = exp;
            Weights weights = in.get(part.connection()).synapses();
            rounded[p] = WeightRounding.round(weights, factor, part, exp,
                    given != null ? CopyRuns.single(weights.rows())
                            : CopyRuns.rows(weights, starts.get(in.get(part.connection()).pre())), columnStart, qPositive,
                    qNegative);
        }
        if (ResidualParts.wanted(e.type())) {
            ResidualParts.Result withResiduals = ResidualParts.add(in, parts, rounded, exps, factor, 0, qPositive,
                    qNegative, given == null ? null : given.residualExps());
            parts = withResiduals.parts();
            rounded = withResiduals.rounded();
            exps = withResiduals.exps();
        }
        FineBias.Digits fineBias = null;
        // Where a bias can carry it: a SUBTRACTIVE_RELU's bias input, a readout's own register.
        boolean correctable = biasInput >= 0 || e.type() == NeuronType.READOUT;
        double[] drift = meanRates != null && correctable
                ? FineBias.drift(in, meanRates, parts, rounded, exps, factor, n) : null;
        if (drift != null && e.type() == NeuronType.READOUT) {
            chipBias = chipBias.clone();
            int clamped = takeDrift(chipBias, drift, scale);
            if (clamped > 0) {
                diagnostics.warn(CompilerErrors.DISCRETIZE_BIAS_CLAMPED, e.name(), "readout bias corrections for the"
                        + " rounding's drift passed the bias's 13 bits at exponent 7, the rest is left out: ensemble="
                        + e.name() + ", neurons=" + clamped + ", max=" + BiasRounding.MAX_BIAS);
            }
        }
        if (biasInput >= 0) {
            fineBias = FineBias.digits(in.get(biasInput).synapses(), factor, parts, rounded, exps, biasInput, n,
                    qPositive, qNegative, drift);
            fineBias = FineBias.any(fineBias.mants()) ? fineBias : null;
        }
        int[] biasMant = new int[n];
        int[] biasExp = new int[n];
        int bad = BiasRounding.round(chipBias, scale, biasMant, biasExp);
        if (bad >= 0) {
            throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "bias does not fit 13 bits at exponent 7: ensemble=" + e.name()
                    + ", neuron=" + bad + ", value=" + chipBias[bad] * scale + ", max=" + BiasRounding.MAX_BIAS);
        }
        double vth = e.type() == NeuronType.READOUT ? ScaleSearch.VTH_MAX : scale;
        return new Rounding(parts, rounded, exps, biasMant, biasExp, qPositive, qNegative, vth, fineBias);
    }

    /** @param given the block's figures as first measured, reported instead of this rounding's, or null */
    private BlockResult finish(Ensemble e, List<Connection> in, int biasInput, BlockInputs inputs,
                               BlockDynamics dynamics, String binding, double scale, Rounding r, GivenBlock given) {
        boolean readout = e.type() == NeuronType.READOUT;
        int vthMant = readout ? ChipLimits.VTH_MANT_MAX : (int) (scale / ScaleSearch.SPIKING_GRID);
        int vminExp = switch (e.type()) {
            case SPIKING_RELU, SUBTRACTIVE_RELU -> 64 - Long.numberOfLeadingZeros((long) vthMant << ChipLimits.VTH_SHIFT);
            case LIF, ALWAYS_ON -> 0;
            // NIR neurons have no floor: v goes as low as the register lets it.
            case READOUT, CUBA_LIF -> ChipLimits.VMIN_EXP_MAX;
        };
        DiscreteBlock block = new DiscreteBlock(e.name(), e.type(), e.n(), scale, vthMant, dynamics.decayU(),
                dynamics.decayV(), dynamics.refractDelay(), vminExp, VMAX_EXP, r.biasMant(), r.biasExp());

        List<WeightPart> parts = r.parts();
        double bitsLost = 0;
        long zeroed = 0;
        long[] perStepBias = new long[e.n()];
        for (int p = 0; p < parts.size(); p++) {
            WeightPart part = parts.get(p);
            WeightRounding.Rounded w = r.rounded()[p];
            Connection c = in.get(part.connection());
            if (part.connection() == biasInput) {
                // Reported as the block's bias, not among its weights: one row, an entry per biased neuron.
                for (int k = 0; k < w.mants().length; k++) {
                    perStepBias[c.synapses().column(k)] += (long) w.mants()[k] << (ChipLimits.WEIGHT_SHIFT + r.exps()[p]);
                }
                continue;
            }
            zeroed += w.zeroed();
            if (part.maxAbs() == 0 || p >= inputs.parts().size()) {
                // A residual part (ResidualParts) refines its first part; its mantissa use is no loss.
                continue;
            }
            if (w.maxUsed() == 0) {
                diagnostics.warn(CompilerErrors.DISCRETIZE_CONNECTION_ZEROED, e.name(), "every weight rounded to zero: connection="
                        + c.pre() + " -> " + e.name() + ", part=" + part.mode() + ", maxWeight=" + part.maxAbs() * scale
                        * dynamics.inputGain() + ", smallestStep=" + WeightRounding.unit(0, part.mode()));
                bitsLost = Math.max(bitsLost, ChipLimits.WEIGHT_BITS);
                continue;
            }
            double lost = Math.log(ChipLimits.WEIGHT_MANT_MAX / (double) w.maxUsed()) / Math.log(2)
                    + (part.mode() == SignMode.MIXED ? 1 : 0);
            bitsLost = Math.max(bitsLost, lost);
        }
        if (r.fineBias() != null) {
            FineBias.addMeans(r.fineBias().mants(), perStepBias);
            if (r.fineBias().clamped() > 0) {
                diagnostics.warn(CompilerErrors.DISCRETIZE_BIAS_CLAMPED, e.name(), "bias corrections passed what the bias"
                        + " source's slower compartments carry, the rest is left out: ensemble=" + e.name()
                        + ", neurons=" + r.fineBias().clamped() + ", worstLeft=" + r.fineBias().worstLeft() / scale
                        + " thresholds a step, limit=" + FineBias.MAX_STEPS + " units of 128 chip units");
            }
        }
        double rms = given != null ? given.weightRmsError() : weightRmsError(parts, r.rounded(), biasInput);
        if (given != null) {
            bitsLost = given.bitsLost();
            zeroed = given.zeroedWeights();
        }
        if (rms > 0 && ExactScale.wanted(in, biasInput)) {
            diagnostics.warn(CompilerErrors.DISCRETIZE_QUANTIZED_INEXACT, e.name(), "quantized weights do not fit the chip's formats exactly at"
                    + " any power-of-two scale, rounding adds error: ensemble=" + e.name() + ", weightRmsError=" + rms
                    + ", bindingLimit=" + binding);
        }
        if (rms > PRECISION_WARNING_RMS) {
            diagnostics.warn(CompilerErrors.DISCRETIZE_PRECISION, e.name(), "weights lost precision in rounding: ensemble=" + e.name()
                    + ", weightRmsError=" + rms + ", limit=" + PRECISION_WARNING_RMS + ", bindingLimit=" + binding);
        }
        long biasMin = Long.MAX_VALUE;
        long biasMax = Long.MIN_VALUE;
        for (int j = 0; j < e.n(); j++) {
            long bias = e.type() == NeuronType.SUBTRACTIVE_RELU ? perStepBias[j] : block.bias(j);
            biasMin = Math.min(biasMin, bias);
            biasMax = Math.max(biasMax, bias);
        }
        double maxRate = given != null ? given.maxRate()
                : FiringRate.of(e.type(), inputs.maxMeanInput(), dynamics.decayV(), dynamics.refractDelay());
        LayerPrecision precision = new LayerPrecision(e.name(), scale, binding, rms, bitsLost, zeroed, biasMin,
                biasMax, maxRate);
        return new BlockResult(block, precision, parts, r.rounded(), r.exps(), r.fineBias() == null ? null : r.fineBias().mants());
    }
}
