package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Weights;
import dev.loihi.compiler.net.GivenBlock;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A second synapse format per weight part that carries what rounding the first one lost: the
 * chip sums the two synapses of a pre neuron in q, so the effective weight is
 * m1 x 2^(6 + e1) + m2 x 2^(6 + e2) with e2 up to 8 below e1, up to 8 more bits.
 *
 * <p>Why: a recurrent spiking network (NIR's CubaLIF, e.g. the braille graph) amplifies
 * weight error. With one 8-bit mantissa per format its output argmax agreed with the float
 * definition on 93.8% of random inputs, and no scale helps: the mantissa is relative to the part's
 * largest weight, so a 4x larger scale gave the same spikes. Only CUBA_LIF blocks get residuals
 * (Keras images keep their bytes); a residual costs a second input axon per pre neuron, a
 * format and the synapses, so parts get one in order while the block's fan-in and formats
 * stay within one core, as {@link SignSplit} budgets its splits.
 */
final class ResidualParts {
    private ResidualParts() {}

    static boolean wanted(NeuronType type) {
        return type == NeuronType.CUBA_LIF;
    }

    /** The parts with their residual parts appended, and each part's rounding. */
    record Result(List<WeightPart> parts, WeightRounding.Rounded[] rounded, int[] exps) {}

    /**
     * @param factor  input gain x scale: chip units per float weight
     * @param rounded each part of {@code parts} rounded at {@code exps}; its q has been added to qPositive/qNegative
     * @param given   per part, the residual exponent to take ({@link GivenBlock#NO_RESIDUAL}: none), or null to decide
     */
    static Result add(List<Connection> in, List<WeightPart> parts, WeightRounding.Rounded[] rounded, int[] exps,
                      double factor, int reservedFormats, long[] qPositive, long[] qNegative, int[] given) {
        List<WeightPart> all = new ArrayList<>(parts);
        List<WeightRounding.Rounded> roundings = new ArrayList<>(List.of(rounded));
        List<Integer> exponents = new ArrayList<>();
        long axons = 0;
        for (int p = 0; p < parts.size(); p++) {
            exponents.add(exps[p]);
            axons += in.get(parts.get(p).connection()).synapses().rows();
        }
        int formats = parts.size() + reservedFormats;
        for (int p = 0; p < parts.size(); p++) {
            WeightPart part = parts.get(p);
            int nPre = in.get(part.connection()).synapses().rows();
            // a residual sits at 0 or above and below its part, so a part at 0 or -1 (MIXED) has none
            if (given != null ? given[p] == GivenBlock.NO_RESIDUAL
                    : exps[p] <= WeightRounding.MIN_EXP || rounded[p].errorSquares() == 0
                    || axons + nPre > ChipLimits.INPUT_AXONS_PER_CORE
                    || formats + 1 > ChipLimits.SYNAPSE_FORMATS_PER_CORE) {
                continue;
            }
            int n = qPositive.length;
            Weights weights = in.get(part.connection()).synapses();
            WeightRounding.Rounded asRuns = rounded[p];
            rounded[p] = alone(weights, factor, part, exps[p], asRuns, qPositive, qNegative);
            double unit = Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + exps[p]);
            // Per entry of the weights, as the mantissas are.
            double[] residual = new double[weights.entries()];
            double maxAbs = 0;
            for (int k = 0; k < residual.length; k++) {
                if (part.holds(weights.value(k))) {
                    // In float units, so that WeightRounding scales it back by factor.
                    residual[k] = weights.value(k) - rounded[p].mants()[k] * unit / factor;
                    maxAbs = Math.max(maxAbs, Math.abs(residual[k]));
                }
            }
            int exp = given != null ? given[p]
                    : Math.max(WeightRounding.MIN_EXP, WeightRounding.exponent(maxAbs * factor, SignMode.MIXED));
            if (given == null && (maxAbs == 0 || exp >= exps[p])) {
                tally(weights, rounded[p].mants(), exps[p], -1, qPositive, qNegative);
                tally(weights, asRuns.mants(), exps[p], 1, qPositive, qNegative);
                rounded[p] = asRuns;
                continue;
            }
            evenTies(weights, residual, factor, rounded[p].mants(), part.mode(), exps[p], exp, qPositive, qNegative);
            WeightPart rest = new WeightPart(part.connection(), SignMode.MIXED, maxAbs);
            // Residuals of copies differ, so each synapse rounds alone.
            WeightRounding.Rounded r = WeightRounding.round(weights.withValues(residual), factor, rest, exp,
                    CopyRuns.single(weights.rows()), CopyRuns.single(n), qPositive, qNegative);
            // The pair's error is the residual's; its value is the first part's weights.
            roundings.set(p, new WeightRounding.Rounded(rounded[p].mants(), r.errorSquares(),
                    rounded[p].valueSquares(), rounded[p].maxUsed(), zeroed(weights, part, rounded[p], r)));
            roundings.add(new WeightRounding.Rounded(r.mants(), 0, 0, r.maxUsed(), 0));
            all.add(rest);
            exponents.add(exp);
            axons += nPre;
            formats++;
        }
        return new Result(all, roundings.toArray(WeightRounding.Rounded[]::new),
                exponents.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The part rounded synapse by synapse instead of as copy-run sums: the residual restores
     * what a run's shared steps bought, and a first mantissa within half a step of each weight
     * is what the pair's sum alone gives back (export-nir's re-import). Its q replaces the old.
     */
    private static WeightRounding.Rounded alone(Weights weights, double factor, WeightPart part, int exp,
                                                WeightRounding.Rounded old, long[] qPositive, long[] qNegative) {
        int n = qPositive.length;
        tally(weights, old.mants(), exp, -1, qPositive, qNegative);
        return WeightRounding.round(weights, factor, part, exp, CopyRuns.single(weights.rows()), CopyRuns.single(n),
                qPositive, qNegative);
    }

    /**
     * Adds ({@code sign} 1) or takes back (-1) what mantissas at {@code exp}, one per entry of
     * {@code weights}, bring to each post neuron's q bounds.
     */
    private static void tally(Weights weights, int[] mants, int exp, int sign, long[] qPositive, long[] qNegative) {
        for (int k = 0; k < mants.length; k++) {
            tally(weights.column(k), mants[k], ChipLimits.WEIGHT_SHIFT + exp, sign, qPositive, qNegative);
        }
    }

    /** As above for one mantissa onto post neuron {@code column}. */
    private static void tally(int column, int mant, int shift, int sign, long[] qPositive, long[] qNegative) {
        long w = (long) mant << shift;
        if (w > 0) {
            qPositive[column] += sign * w;
        } else {
            qNegative[column] -= sign * w;
        }
    }

    /**
     * Where the residual rounds to exactly half a step of its first part, the pair m1 + half
     * and m1 + 1 step - half are the same weight; the one with an even first mantissa is taken,
     * because rounding their sum alone (ties to even) gives that one back. So a graph exported
     * with summed weights (export-nir) compiles to the same synapses, at no cost in accuracy.
     * Changes {@code firstMants}, {@code residual} and the q bounds in place.
     */
    private static void evenTies(Weights weights, double[] residual, double factor, int[] firstMants, SignMode mode,
                                 int firstExp, int exp, long[] qPositive, long[] qNegative) {
        double firstStep = WeightRounding.unit(firstExp, mode);
        double step = WeightRounding.unit(exp, SignMode.MIXED);
        int mantStep = WeightRounding.mantStep(mode);
        int full = WeightRounding.fullMant(mode);
        int shift = ChipLimits.WEIGHT_SHIFT + firstExp;
        for (int k = 0; k < residual.length; k++) {
            double chip = residual[k] * factor;
            double rounded = Math.rint(chip / step) * step;
            int m = firstMants[k];
            if (Math.abs(rounded) != firstStep / 2 || (m / mantStep) % 2 == 0) {
                continue;
            }
            int moved = m + (int) Math.signum(rounded) * mantStep;
            if (Math.abs(moved) > full) {
                continue; // the sum rounds past the range and is clamped back to m
            }
            int j = weights.column(k);
            tally(j, m, shift, -1, qPositive, qNegative);
            tally(j, moved, shift, 1, qPositive, qNegative);
            firstMants[k] = moved;
            residual[k] = (chip - Math.signum(rounded) * firstStep) / factor;
        }
    }

    private static long zeroed(Weights weights, WeightPart part, WeightRounding.Rounded first,
                               WeightRounding.Rounded rest) {
        long zeroed = 0;
        for (int k = 0; k < weights.entries(); k++) {
            if (part.holds(weights.value(k)) && first.mants()[k] == 0 && rest.mants()[k] == 0) {
                zeroed++;
            }
        }
        return zeroed;
    }

}
