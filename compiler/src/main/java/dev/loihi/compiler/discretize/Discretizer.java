package dev.loihi.compiler.discretize;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The discretize pass: float {@link Network} to chip integers, one ensemble (block) at a time,
 * in network order. The float model it maps, per step and in threshold units: u follows the
 * summed weights of this step's spikes (low-passed with unit DC gain when the connection has a
 * synapse tau, so tau smooths a spike's charge without changing it); v = v x (1 - leak) + u +
 * bias; a spike when v > 1, then v = 0.
 *
 * <p>Per block it measures the inputs ({@link BlockInputs}), picks the scale
 * ({@link ScaleSearch}), rounds weights ({@link WeightRounding}) and bias
 * ({@link BiasRounding}), then checks the exact integer input bounds and lowers the scale if
 * rounding pushed one over its limit. Voltage floor (vmin): SPIKING_RELU lets v fall to between
 * one and two thresholds below 0 (vmin_exp = bit length of vth), so inhibition that arrives before
 * excitation in the same window still cancels it, which rate-coded ReLU conversion needs, while
 * a long inhibited stretch cannot build an unbounded debt that would mute the neuron after its
 * input changes; LIF clips at 0 like the float LIF model; READOUT uses the full range.
 */
public final class Discretizer {
    /** A weight, bias or time constant is NaN or infinite. */
    public static final String NONFINITE = "DISCRETIZE_NONFINITE";
    /** A value fits no scale (or a time constant maps outside its register). */
    public static final String RANGE = "DISCRETIZE_RANGE";
    /** An ensemble's incoming connections disagree on the synapse tau (decay_u is per compartment). */
    public static final String SYNAPSE_TAU = "DISCRETIZE_SYNAPSE_TAU";
    /** A readout's largest input per step cannot be kept below its threshold and inside v. */
    public static final String READOUT_RANGE = "DISCRETIZE_READOUT_RANGE";
    /** Warning: rounding cost a layer more than {@link #PRECISION_WARNING_RMS} relative RMS weight error. */
    public static final String PRECISION = "DISCRETIZE_PRECISION";
    /** Warning: every weight of a nonzero connection rounded to zero. */
    public static final String CONNECTION_ZEROED = "DISCRETIZE_CONNECTION_ZEROED";
    /** Warning: a synapse tau on a connection into a readout is ignored (u must hold one step). */
    public static final String READOUT_SYNAPSE = "DISCRETIZE_READOUT_SYNAPSE";

    public static final double PRECISION_WARNING_RMS = 0.02;
    public static final int VMAX_EXP = ChipLimits.VMAX_EXP_MAX;
    private static final int MAX_SCALE_RETRIES = 32;
    private static final double RETRY_BACKOFF = 0.01;

    private final Diagnostics diagnostics;

    public Discretizer(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Expects a network that passed {@link NetworkChecker}. */
    public DiscreteNetwork discretize(Network network) {
        Map<String, Integer> inputIndex = new HashMap<>();
        for (int i = 0; i < network.inputs().size(); i++) {
            inputIndex.put(network.inputs().get(i).name(), i);
        }
        Map<String, Integer> blockIndex = new HashMap<>();
        for (int b = 0; b < network.ensembles().size(); b++) {
            blockIndex.put(network.ensembles().get(b).name(), b);
        }
        List<List<Integer>> incoming = new ArrayList<>();
        for (int b = 0; b < network.ensembles().size(); b++) {
            incoming.add(new ArrayList<>());
        }
        for (int c = 0; c < network.connections().size(); c++) {
            incoming.get(blockIndex.get(network.connections().get(c).post())).add(c);
        }

        int blocks = network.ensembles().size();
        double[] rateBound = new double[blocks];
        Arrays.fill(rateBound, Double.NaN);
        DiscreteBlock[] discreteBlocks = new DiscreteBlock[blocks];
        DiscreteConnection[] connections = new DiscreteConnection[network.connections().size()];
        List<LayerPrecision> precision = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            Ensemble ensemble = network.ensembles().get(b);
            List<Connection> in = new ArrayList<>();
            double[] preRates = new double[incoming.get(b).size()];
            for (int k = 0; k < preRates.length; k++) {
                Connection c = network.connections().get(incoming.get(b).get(k));
                in.add(c);
                Integer pre = blockIndex.get(c.pre());
                // Host axons and blocks not yet bounded (recurrent edges) may spike every step.
                preRates[k] = pre == null || Double.isNaN(rateBound[pre]) ? 1 : rateBound[pre];
            }
            BlockResult result = block(ensemble, in, preRates);
            discreteBlocks[b] = result.block;
            precision.add(result.precision);
            rateBound[b] = result.precision.maxRate();
            for (int k = 0; k < in.size(); k++) {
                Connection c = in.get(k);
                Integer preBlock = blockIndex.get(c.pre());
                Integer preInput = inputIndex.get(c.pre());
                WeightRounding.Rounded r = result.rounded[k];
                connections[incoming.get(b).get(k)] = new DiscreteConnection(c.pre(), c.post(),
                        preInput == null ? -1 : preInput, preBlock == null ? -1 : preBlock, b, c.weights().length,
                        ensemble.n(), result.modes[k], result.exps[k], r.mants());
            }
        }
        return new DiscreteNetwork(network.name(), network.inputs(), Arrays.asList(discreteBlocks),
                Arrays.asList(connections), network.outputs(), network.encoding(), precision);
    }

    private record BlockResult(DiscreteBlock block, LayerPrecision precision, WeightRounding.Rounded[] rounded,
                               SignMode[] modes, int[] exps) {}

    private BlockResult block(Ensemble e, List<Connection> in, double[] preRates) {
        double tau = synapseTau(e, in);
        BlockDynamics dynamics = BlockDynamics.of(e, tau);
        if (e.type() == NeuronType.READOUT && tau > 0) {
            diagnostics.warn(READOUT_SYNAPSE, e.name(), "synapse tau into a readout is ignored: ensemble="
                    + e.name() + ", synapseTau=" + tau);
        }
        BlockInputs inputs = BlockInputs.measure(e, in, preRates);
        ScaleSearch.Choice choice = ScaleSearch.choose(e.name(), e.type(), dynamics.inputGain(), inputs);
        double scale = choice.scale();
        for (int attempt = 0; attempt < MAX_SCALE_RETRIES; attempt++) {
            Rounding rounding = round(e, in, inputs, dynamics, scale);
            double excess = rounding.worstLimitRatio(e.type(), dynamics.decayU());
            if (excess <= 1) {
                return finish(e, in, inputs, dynamics, choice.bindingLimit(), scale, rounding);
            }
            // Rounding can push every weight of a column up by half a step at once, which a
            // scale just under the ratio does not undo; back off further on every retry.
            scale = scale / excess * (1 - Math.min(0.5, RETRY_BACKOFF * (1 << attempt)));
            if (e.type() != NeuronType.READOUT) {
                scale = ScaleSearch.grid(scale);
                if (scale < ScaleSearch.SPIKING_GRID) {
                    break;
                }
            }
        }
        String code = e.type() == NeuronType.READOUT ? READOUT_RANGE : RANGE;
        throw new LoihiException(code, "rounded inputs do not fit the input range at any scale: ensemble="
                + e.name() + ", limit=q " + ChipLimits.Q_BITS + " bits / u " + ChipLimits.U_BITS + " bits, scale="
                + scale);
    }

    private static double synapseTau(Ensemble e, List<Connection> in) {
        double tau = 0;
        for (int k = 0; k < in.size(); k++) {
            Connection c = in.get(k);
            double t = c.synapseTau();
            if (!Double.isFinite(t)) {
                throw new LoihiException(NONFINITE, "synapse tau is not finite: connection=" + c.pre() + " -> "
                        + c.post() + ", synapseTau=" + t);
            }
            if (t < 0) {
                throw new LoihiException(RANGE, "synapse tau is negative: connection=" + c.pre() + " -> "
                        + c.post() + ", synapseTau=" + t + ", min=0");
            }
            if (k > 0 && t != tau) {
                throw new LoihiException(SYNAPSE_TAU, "inputs of one ensemble need one synapse tau: ensemble="
                        + e.name() + ", first=" + tau + ", other=" + t + ", connection=" + c.pre() + " -> " + c.post());
            }
            tau = t;
        }
        return tau;
    }

    /** Integers of one block at one scale, with the per-neuron input bounds they imply. */
    private record Rounding(WeightRounding.Rounded[] rounded, SignMode[] modes, int[] exps, int[] biasMant,
                            int[] biasExp, long[] qPositive, long[] qNegative, double vth) {

        /** Largest actual / limit over q, u + bias and (readouts) v; above 1 means a wrap or a spike. */
        double worstLimitRatio(NeuronType type, int decayU) {
            double uGain = ChipLimits.DECAY_ONE / (double) (decayU + 1);
            double worst = 0;
            for (int j = 0; j < qPositive.length; j++) {
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

    private Rounding round(Ensemble e, List<Connection> in, BlockInputs inputs, BlockDynamics dynamics, double scale) {
        int n = e.n();
        long[] qPositive = new long[n];
        long[] qNegative = new long[n];
        WeightRounding.Rounded[] rounded = new WeightRounding.Rounded[in.size()];
        int[] exps = new int[in.size()];
        double factor = dynamics.inputGain() * scale;
        for (int k = 0; k < in.size(); k++) {
            SignMode mode = inputs.modes()[k];
            double maxWeight = inputs.maxAbs()[k] * factor;
            int exp = WeightRounding.exponent(maxWeight, mode);
            if (exp > WeightRounding.MAX_EXP) {
                throw new LoihiException(RANGE, "weight does not fit the largest exponent: connection="
                        + in.get(k).pre() + " -> " + e.name() + ", value=" + maxWeight + ", max="
                        + WeightRounding.fullMant(mode) * WeightRounding.unit(WeightRounding.MAX_EXP, mode)
                        / WeightRounding.mantStep(mode));
            }
            exps[k] = exp;
            rounded[k] = WeightRounding.round(in.get(k).weights(), factor, mode, exp, qPositive, qNegative);
        }
        int[] biasMant = new int[n];
        int[] biasExp = new int[n];
        int bad = BiasRounding.round(e.bias(), scale, biasMant, biasExp);
        if (bad >= 0) {
            throw new LoihiException(RANGE, "bias does not fit 13 bits at exponent 7: ensemble=" + e.name()
                    + ", neuron=" + bad + ", value=" + e.bias()[bad] * scale + ", max=" + BiasRounding.MAX_BIAS);
        }
        double vth = e.type() == NeuronType.READOUT ? ScaleSearch.VTH_MAX : scale;
        return new Rounding(rounded, inputs.modes(), exps, biasMant, biasExp, qPositive, qNegative, vth);
    }

    private BlockResult finish(Ensemble e, List<Connection> in, BlockInputs inputs, BlockDynamics dynamics,
                               String binding, double scale, Rounding r) {
        boolean readout = e.type() == NeuronType.READOUT;
        int vthMant = readout ? ChipLimits.VTH_MANT_MAX : (int) (scale / ScaleSearch.SPIKING_GRID);
        int vminExp = switch (e.type()) {
            case SPIKING_RELU -> 64 - Long.numberOfLeadingZeros((long) vthMant << ChipLimits.VTH_SHIFT);
            case LIF -> 0;
            case READOUT -> ChipLimits.VMIN_EXP_MAX;
        };
        DiscreteBlock block = new DiscreteBlock(e.name(), e.type(), e.n(), scale, vthMant, dynamics.decayU(),
                dynamics.decayV(), dynamics.refractDelay(), vminExp, VMAX_EXP, r.biasMant(), r.biasExp());

        double errorSquares = 0;
        double valueSquares = 0;
        double bitsLost = 0;
        long zeroed = 0;
        for (int k = 0; k < in.size(); k++) {
            WeightRounding.Rounded w = r.rounded()[k];
            errorSquares += w.errorSquares();
            valueSquares += w.valueSquares();
            zeroed += w.zeroed();
            if (inputs.maxAbs()[k] == 0) {
                continue;
            }
            if (w.maxUsed() == 0) {
                diagnostics.warn(CONNECTION_ZEROED, e.name(), "every weight rounded to zero: connection="
                        + in.get(k).pre() + " -> " + e.name() + ", maxWeight=" + inputs.maxAbs()[k] * scale
                        * dynamics.inputGain() + ", smallestStep=" + WeightRounding.unit(0, r.modes()[k]));
                bitsLost = Math.max(bitsLost, ChipLimits.WEIGHT_BITS);
                continue;
            }
            double lost = Math.log(ChipLimits.WEIGHT_MANT_MAX / (double) w.maxUsed()) / Math.log(2)
                    + (r.modes()[k] == SignMode.MIXED ? 1 : 0);
            bitsLost = Math.max(bitsLost, lost);
        }
        double rms = valueSquares > 0 ? Math.sqrt(errorSquares / valueSquares) : 0;
        if (rms > PRECISION_WARNING_RMS) {
            diagnostics.warn(PRECISION, e.name(), "weights lost precision in rounding: ensemble=" + e.name()
                    + ", weightRmsError=" + rms + ", limit=" + PRECISION_WARNING_RMS + ", bindingLimit=" + binding);
        }
        long biasMin = Long.MAX_VALUE;
        long biasMax = Long.MIN_VALUE;
        for (int j = 0; j < e.n(); j++) {
            biasMin = Math.min(biasMin, block.bias(j));
            biasMax = Math.max(biasMax, block.bias(j));
        }
        double maxRate = FiringRate.of(e.type(), inputs.maxMeanInput(), dynamics.decayV(), dynamics.refractDelay());
        LayerPrecision precision = new LayerPrecision(e.name(), scale, binding, rms, bitsLost, zeroed, biasMin,
                biasMax, maxRate);
        return new BlockResult(block, precision, r.rounded(), r.modes(), r.exps());
    }
}
