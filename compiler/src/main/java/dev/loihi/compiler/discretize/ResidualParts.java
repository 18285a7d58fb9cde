package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.Connection;
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
     */
    static Result add(List<Connection> in, List<WeightPart> parts, WeightRounding.Rounded[] rounded, int[] exps,
                      double factor, int reservedFormats, long[] qPositive, long[] qNegative) {
        List<WeightPart> all = new ArrayList<>(parts);
        List<WeightRounding.Rounded> roundings = new ArrayList<>(List.of(rounded));
        List<Integer> exponents = new ArrayList<>();
        long axons = 0;
        for (int p = 0; p < parts.size(); p++) {
            exponents.add(exps[p]);
            axons += in.get(parts.get(p).connection()).weights().length;
        }
        int formats = parts.size() + reservedFormats;
        for (int p = 0; p < parts.size(); p++) {
            WeightPart part = parts.get(p);
            int nPre = in.get(part.connection()).weights().length;
            if (exps[p] == WeightRounding.MIN_EXP || rounded[p].errorSquares() == 0
                    || axons + nPre > ChipLimits.INPUT_AXONS_PER_CORE
                    || formats + 1 > ChipLimits.SYNAPSE_FORMATS_PER_CORE) {
                continue;
            }
            int n = qPositive.length;
            double[][] weights = in.get(part.connection()).weights();
            double unit = Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + exps[p]);
            double[][] residual = new double[weights.length][n];
            double maxAbs = 0;
            for (int i = 0; i < weights.length; i++) {
                for (int j = 0; j < n; j++) {
                    if (part.holds(weights[i][j])) {
                        // In float units, so that WeightRounding scales it back by factor.
                        residual[i][j] = weights[i][j] - rounded[p].mants()[i * n + j] * unit / factor;
                        maxAbs = Math.max(maxAbs, Math.abs(residual[i][j]));
                    }
                }
            }
            int exp = Math.max(WeightRounding.MIN_EXP, WeightRounding.exponent(maxAbs * factor, SignMode.MIXED));
            if (maxAbs == 0 || exp >= exps[p]) {
                continue;
            }
            WeightPart rest = new WeightPart(part.connection(), SignMode.MIXED, maxAbs);
            WeightRounding.Rounded r = WeightRounding.round(residual, factor, rest, exp, single(weights.length),
                    single(n), qPositive, qNegative);
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

    private static long zeroed(double[][] weights, WeightPart part, WeightRounding.Rounded first,
                               WeightRounding.Rounded rest) {
        long zeroed = 0;
        int n = weights.length == 0 ? 0 : weights[0].length;
        for (int i = 0; i < weights.length; i++) {
            for (int j = 0; j < n; j++) {
                if (part.holds(weights[i][j]) && first.mants()[i * n + j] == 0 && rest.mants()[i * n + j] == 0) {
                    zeroed++;
                }
            }
        }
        return zeroed;
    }

    /** Runs of length one: residuals of copies differ, so each synapse rounds alone. */
    private static int[] single(int length) {
        int[] start = new int[length];
        for (int i = 0; i < length; i++) {
            start[i] = i;
        }
        return start;
    }
}
