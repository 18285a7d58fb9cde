package dev.loihi.compiler.discretize;

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
 * weight mantissa 8 bits at exponent 7; bias 13 bits at exponent 7; the largest input one step
 * can bring (every pre neuron spiking) within q's 21 bits, and with bias within u's 23 bits, so
 * nothing ever wraps; for readouts, the voltage stays at or below the (maximal) threshold.
 *
 * <p>Because exponents are powers of two, the weights at the largest scale may use as little
 * as half their mantissa range. So scales down to half the largest are also tried at the points
 * where a connection's largest weight lands exactly on full scale, and the one whose worst
 * connection uses the most mantissa wins (ties go to the larger scale).
 */
final class ScaleSearch {
    static final double Q_MAX = (1L << ChipLimits.Q_BITS) - 1;
    static final double U_MAX = (1L << ChipLimits.U_BITS) - 1;
    static final double VTH_MAX = (double) ChipLimits.VTH_MANT_MAX * (1 << ChipLimits.VTH_SHIFT);
    /** Spiking scales are whole threshold mantissas, so the threshold is exactly the float 1. */
    static final double SPIKING_GRID = 1 << ChipLimits.VTH_SHIFT;
    /** A readout's v after decay_v = 4095 carries |v| >> 12 of the previous step on top of its input. */
    static final double READOUT_CARRY = ChipLimits.DECAY_ONE / (double) (ChipLimits.DECAY_ONE - 1);

    /** scale <= limit / need. */
    record Bound(String limitName, double need, double limit) {
        double maxScale() {
            return need > 0 ? limit / need : Double.POSITIVE_INFINITY;
        }
    }

    record Choice(double scale, String bindingLimit) {}

    private ScaleSearch() {}

    static List<Bound> bounds(NeuronType type, double inputGain, BlockInputs in) {
        List<Bound> bounds = new ArrayList<>();
        if (type != NeuronType.READOUT) {
            bounds.add(new Bound("threshold mantissa", 1, VTH_MAX));
        }
        for (int k = 0; k < in.maxAbs().length; k++) {
            double maxWeight = WeightRounding.fullMant(in.modes()[k])
                    * Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + WeightRounding.MAX_EXP);
            bounds.add(new Bound("weight exponent", inputGain * in.maxAbs()[k], maxWeight));
        }
        bounds.add(new Bound("bias mantissa", in.maxAbsBias(), BiasRounding.MAX_BIAS));
        bounds.add(new Bound("synaptic input q", inputGain * in.maxColumn(), Q_MAX));
        bounds.add(new Bound("current u + bias", in.maxColumnBias(), U_MAX));
        if (type == NeuronType.READOUT) {
            bounds.add(new Bound("readout voltage", in.maxColumnBias() * READOUT_CARRY, VTH_MAX));
        }
        return bounds;
    }

    static Choice choose(String ensemble, NeuronType type, double inputGain, BlockInputs in) {
        List<Bound> bounds = bounds(type, inputGain, in);
        Bound binding = bounds.get(0);
        for (Bound b : bounds) {
            if (b.maxScale() < binding.maxScale()) {
                binding = b;
            }
        }
        double largest = binding.maxScale();
        boolean spiking = type != NeuronType.READOUT;
        if (Double.isInfinite(largest)) {
            // A readout with no input and no bias: any scale works; float 1 = full q.
            return new Choice(Q_MAX, "none");
        }
        double scale = spiking ? grid(largest) : largest;
        if (spiking && scale < SPIKING_GRID) {
            throw new LoihiException(Discretizer.RANGE, "ensemble does not fit even at the smallest threshold: "
                    + "ensemble=" + ensemble + ", limit=" + binding.limitName() + ", value="
                    + binding.need() * SPIKING_GRID + ", max=" + binding.limit() + ", vthMant=1");
        }
        if (!spiking && !(scale > 0)) {
            throw new LoihiException(Discretizer.READOUT_RANGE, "readout input does not fit its voltage range: "
                    + "ensemble=" + ensemble + ", limit=" + binding.limitName() + ", value=" + binding.need()
                    + ", max=" + binding.limit());
        }
        return new Choice(fillMantissas(scale, spiking, inputGain, in), binding.limitName());
    }

    /** Largest multiple of the spiking grid at or below {@code scale}. */
    static double grid(double scale) {
        return Math.floor(scale / SPIKING_GRID) * SPIKING_GRID;
    }

    private static double fillMantissas(double largest, boolean spiking, double inputGain, BlockInputs in) {
        double best = largest;
        double bestUse = mantissaUse(largest, inputGain, in);
        for (int k = 0; k < in.maxAbs().length; k++) {
            double maxWeight = inputGain * in.maxAbs()[k];
            if (maxWeight == 0) {
                continue;
            }
            SignMode mode = in.modes()[k];
            for (int e = WeightRounding.MIN_EXP; e <= WeightRounding.MAX_EXP; e++) {
                double s = WeightRounding.fullMant(mode) * Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + e) / maxWeight;
                if (spiking) {
                    s = grid(s);
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

    /** The fraction of its mantissa range that the worst incoming connection uses at {@code scale}. */
    private static double mantissaUse(double scale, double inputGain, BlockInputs in) {
        double worst = 1;
        for (int k = 0; k < in.maxAbs().length; k++) {
            if (in.maxAbs()[k] > 0) {
                SignMode mode = in.modes()[k];
                double used = WeightRounding.usedMant(inputGain * in.maxAbs()[k] * scale, mode);
                worst = Math.min(worst, used / WeightRounding.fullMant(mode));
            }
        }
        return worst;
    }
}
