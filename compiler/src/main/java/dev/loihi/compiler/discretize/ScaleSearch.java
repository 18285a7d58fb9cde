package dev.loihi.compiler.discretize;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses an ensemble's scale (chip units per float unit). Every limit gives an upper bound;
 * the scale is the largest that meets them all, since a weight's smallest step is fixed at 64
 * chip units and a larger scale therefore means finer weights, bias and threshold.
 *
 * <p>The bounds (LOIHI.md): threshold mantissa 17 bits ({@code vth = scale} for spiking blocks);
 * weight mantissa 8 bits at exponent 7 for every synapse format ({@link WeightPart}); bias 13
 * bits at exponent 7; the largest input one step can bring (every pre neuron spiking) within
 * q's 21 bits, and with bias within u's 23 bits, so nothing ever wraps; for readouts, the
 * voltage stays at or below the (maximal) threshold.
 *
 * <p>SUBTRACTIVE_RELU blocks integrate in u, so u must hold the whole sum, not one step:
 * {@link #integratorNeed} bounds it through the leak, and through the presentation's length when
 * the image is compiled for presentations of at most so many steps. Their threshold must also be a weight
 * (the reset synapse subtracts exactly vth), so vth = m x 2^(6 + e) with m <= 255, e <= 7.
 *
 * <p>Because exponents are powers of two, the weights at the largest scale may use as little
 * as half their mantissa range. So scales down to half the largest are also tried at the points
 * where a part's largest weight lands exactly on full scale, and the one whose worst part uses
 * the most mantissa wins (ties go to the larger scale).
 */
final class ScaleSearch {
    static final double Q_MAX = (1L << ChipLimits.Q_BITS) - 1;
    static final double U_MAX = (1L << ChipLimits.U_BITS) - 1;
    static final double VTH_MAX = (double) ChipLimits.VTH_MANT_MAX * (1 << ChipLimits.VTH_SHIFT);
    /** The reset synapse of a SUBTRACTIVE_RELU block weighs -vth: at most 255 x 2^(6 + 7). */
    static final double SUBTRACTIVE_VTH_MAX = ChipLimits.WEIGHT_MANT_MAX
            * Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + ChipLimits.WEIGHT_EXP_MAX);
    /** Spiking scales are whole threshold mantissas, so the threshold is exactly the float 1. */
    static final double SPIKING_GRID = 1 << ChipLimits.VTH_SHIFT;
    /** A readout's v after decay_v = 4095 carries |v| >> 12 of the previous step on top of its input. */
    static final double READOUT_CARRY = ChipLimits.DECAY_ONE / (double) (ChipLimits.DECAY_ONE - 1);
    /**
     * What a SUBTRACTIVE_RELU's v carries from the previous step, in thresholds: |v| >> 12 with
     * v clipped at vmin >= -2 vth (see {@link Discretizer}).
     */
    static final double SUBTRACTIVE_CARRY = 2.0 / ChipLimits.DECAY_ONE;

    /** scale <= limit / need. */
    record Bound(String limitName, double need, double limit) {
        double maxScale() {
            return need > 0 ? limit / need : Double.POSITIVE_INFINITY;
        }
    }

    record Choice(double scale, String bindingLimit) {}

    private ScaleSearch() {}

    /**
     * How many steps of worst-case input u can gather under a leak of (decayU + 1) / 4096: the
     * sum over k of (1 - a)^k, which is 1 / a for a presentation of any length and
     * (1 - (1 - a)^T) / a for presentations of at most {@code maxSteps} = T steps from a reset
     * state (0: no bound). The chip's decay rounds toward zero, so |u| shrinks by at least a x |u|
     * a step and these sums are upper bounds; the bounded one is rounded up past its float error.
     */
    static double settle(int decayU, int maxSteps) {
        double whole = ChipLimits.DECAY_ONE / (double) (decayU + 1);
        if (maxSteps <= 0) {
            return whole;
        }
        double a = (decayU + 1) / (double) ChipLimits.DECAY_ONE;
        return Math.min(whole, -Math.expm1(maxSteps * Math.log1p(-a)) / a * (1 + 1e-9));
    }

    /**
     * The largest |u| of a SUBTRACTIVE_RELU neuron, in thresholds, for per-step inputs of at
     * most {@code positive} and {@code negative} (bias included) gathered over {@code settle}
     * steps ({@link #settle}): below zero u goes no lower than -negative x settle, and the reset
     * synapse adds one threshold after a spike, which needs u above 1 - start - carry > -1. Above,
     * a neuron spikes whenever u + start > 1 + carry, so u gains at most (positive - 1) per step
     * beyond that; the start rides on top in u + bias. Every term is exact or rounded up, so the
     * integer u never wraps.
     */
    static double integratorNeed(double positive, double negative, double settle) {
        double below = negative * settle + 2;
        double above = Math.max(positive - 1, 0) * settle + positive + 1 + SUBTRACTIVE_CARRY;
        return Math.max(below, above);
    }

    /**
     * @param decayU   the integrator leak of a SUBTRACTIVE_RELU block (ignored for other types)
     * @param maxSteps the presentation bound u is sized for, 0 for none ({@link #settle})
     * @param headroom a SUBTRACTIVE_RELU block's u sized for 1 / headroom of its worst case ({@link Headroom})
     */
    static List<Bound> bounds(NeuronType type, double inputGain, BlockInputs in, int decayU, int maxSteps,
                              int headroom) {
        List<Bound> bounds = new ArrayList<>(fixedBounds(type, inputGain, in));
        if (type == NeuronType.SUBTRACTIVE_RELU) {
            bounds.add(new Bound(Headroom.CURRENT_U + " (leak " + (decayU + 1) + "/4096"
                    + (maxSteps > 0 ? ", presentations of at most " + maxSteps + " steps" : "")
                    + (headroom > 1 ? ", 1/" + headroom + " of the worst case, from calibration" : "") + ")",
                    integratorNeed(inputGain * in.maxPositive(), inputGain * in.maxNegative(), settle(decayU, maxSteps)),
                    U_MAX * headroom));
        }
        return bounds;
    }

    /** The bounds that do not depend on a SUBTRACTIVE_RELU block's leak. */
    static List<Bound> fixedBounds(NeuronType type, double inputGain, BlockInputs in) {
        List<Bound> bounds = new ArrayList<>();
        boolean subtractive = type == NeuronType.SUBTRACTIVE_RELU;
        if (type != NeuronType.READOUT) {
            bounds.add(new Bound("threshold mantissa", 1, subtractive ? SUBTRACTIVE_VTH_MAX : VTH_MAX));
        }
        for (WeightPart part : in.parts()) {
            double maxWeight = WeightRounding.fullMant(part.mode())
                    * Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + WeightRounding.MAX_EXP);
            bounds.add(new Bound("weight exponent", inputGain * part.maxAbs(), maxWeight));
        }
        if (subtractive) {
            // The chip bias holds the start, below one threshold; the reset synapse adds vth to q.
            bounds.add(new Bound("bias mantissa", 1, BiasRounding.MAX_BIAS));
            bounds.add(new Bound("synaptic input q",
                    Math.max(inputGain * in.maxPositive(), inputGain * in.maxNegative() + 1), Q_MAX));
            return bounds;
        }
        bounds.add(new Bound("bias mantissa", in.maxAbsBias(), BiasRounding.MAX_BIAS));
        bounds.add(new Bound("synaptic input q", inputGain * in.maxColumn(), Q_MAX));
        bounds.add(new Bound("current u + bias", in.maxColumnBias(), U_MAX));
        if (type == NeuronType.READOUT) {
            bounds.add(new Bound("readout voltage", in.maxColumnBias() * READOUT_CARRY, VTH_MAX));
        }
        return bounds;
    }

    static Bound binding(List<Bound> bounds) {
        Bound binding = bounds.get(0);
        for (Bound b : bounds) {
            if (b.maxScale() < binding.maxScale()) {
                binding = b;
            }
        }
        return binding;
    }

    static Choice choose(String ensemble, NeuronType type, double inputGain, BlockInputs in, int decayU, int maxSteps,
                         int headroom) {
        Bound binding = binding(bounds(type, inputGain, in, decayU, maxSteps, headroom));
        double largest = binding.maxScale();
        boolean spiking = type != NeuronType.READOUT;
        if (Double.isInfinite(largest)) {
            // A readout with no input and no bias: any scale works; float 1 = full q.
            return new Choice(Q_MAX, "none");
        }
        double scale = spiking ? grid(type, largest) : largest;
        if (spiking && scale < SPIKING_GRID) {
            throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "ensemble does not fit even at the smallest threshold: "
                    + "ensemble=" + ensemble + ", limit=" + binding.limitName() + ", value="
                    + binding.need() * SPIKING_GRID + ", max=" + binding.limit() + ", vthMant=1");
        }
        if (!spiking && !(scale > 0)) {
            throw new LoihiException(CompilerErrors.DISCRETIZE_READOUT_RANGE, "readout input does not fit its voltage range: "
                    + "ensemble=" + ensemble + ", limit=" + binding.limitName() + ", value=" + binding.need()
                    + ", max=" + binding.limit());
        }
        return new Choice(fillMantissas(type, scale, inputGain, in), binding.limitName());
    }

    /**
     * The largest threshold of block type {@code type} at or below {@code scale}: a multiple of
     * 64 (a whole threshold mantissa), and for SUBTRACTIVE_RELU also a weight m x 2^(6 + e).
     */
    static double grid(NeuronType type, double scale) {
        long mant = (long) Math.floor(scale / SPIKING_GRID);
        if (type == NeuronType.SUBTRACTIVE_RELU && mant > ChipLimits.WEIGHT_MANT_MAX) {
            int drop = 64 - Long.numberOfLeadingZeros(mant) - 8;
            mant = mant >> drop << drop;
        }
        return mant * SPIKING_GRID;
    }

    private static double fillMantissas(NeuronType type, double largest, double inputGain, BlockInputs in) {
        boolean spiking = type != NeuronType.READOUT;
        double best = largest;
        double bestUse = mantissaUse(largest, inputGain, in);
        for (WeightPart part : in.parts()) {
            double maxWeight = inputGain * part.maxAbs();
            if (maxWeight == 0) {
                continue;
            }
            SignMode mode = part.mode();
            for (int e = WeightRounding.minExp(mode); e <= WeightRounding.MAX_EXP; e++) {
                double s = WeightRounding.fullMant(mode) * Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + e) / maxWeight;
                if (spiking) {
                    s = grid(type, s);
                }
                if (s <= largest / 2 || s > largest || (spiking && s < SPIKING_GRID)) {
                    continue;
                }
                double use = mantissaUse(s, inputGain, in);
                if (use > bestUse || (use == bestUse && s > best)) {
                    best = s;
                    bestUse = use;
                }
            }
        }
        return best;
    }

    /** The fraction of its mantissa range that the worst part uses at {@code scale}. */
    private static double mantissaUse(double scale, double inputGain, BlockInputs in) {
        double worst = 1;
        for (WeightPart part : in.parts()) {
            if (part.maxAbs() > 0) {
                SignMode mode = part.mode();
                double used = WeightRounding.usedMant(inputGain * part.maxAbs() * scale, mode);
                worst = Math.min(worst, used / WeightRounding.fullMant(mode));
            }
        }
        return worst;
    }
}
