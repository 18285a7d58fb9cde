package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.net.Weights;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.Arrays;
import java.util.List;

/**
 * A SUBTRACTIVE_RELU bias finer than a weight step, and the rounding's drift taken off it
 * (docs/CONVERSION.md, "Finer biases, and the rounding's drift taken off them").
 *
 * <p>A synapse weighs a multiple of 64 chip units whatever its exponent (LOIHI.md), so a bias
 * carried by a source spiking every step ({@link BiasSource}) moves in steps of 64 chip units a
 * step (128 in a mixed-sign format): three spikes in 200 steps at a threshold of 4,000, where the
 * no-wrap bound puts a wide layer's. A convolution's bias, and its rounding, is the same at every
 * position, so the error adds up over a pool or a flatten instead of averaging out. The source
 * therefore has two more compartments, spiking every 4th and every 16th step, and each neuron's
 * residual reaches it through them in mixed-sign units of 128 chip units (32 and 8 a step on
 * average), to within 4 chip units a step. The slow parts arrive in pulses, so a presentation's
 * count is within one pulse of the mean; the no-wrap bound counts them as if all three
 * compartments spiked in one step.
 *
 * <p>The drift: what a neuron receives is its rounded weights times its inputs' rates, so with
 * the inputs' mean rates on the calibration inputs the rounding's mean error per neuron is known
 * ({@link #drift}), and the bias takes it off.
 *
 * <p>The compartments share one threshold (vth 1,984; v integrates its bias with no decay and is
 * reset to 0 on a spike): biases of 2,048, 512 and 128 a step pass it every 1st, 4th and 16th
 * step.
 */
final class FineBias {
    /** Steps between spikes of the source's compartments: the whole bias, then its two residual digits. */
    static final int[] PERIODS = {1, 4, 16};
    static final int VTH_MANT = 31;
    /** Per compartment: (period - 1) x bias <= vth < period x bias, so it spikes every period-th step. */
    static final int[] BIAS_MANTS = {2048, 512, 128};
    /** The mixed-sign step the residual digits are counted in. */
    static final SignMode MODE = SignMode.MIXED;
    static final int EXP = 0;
    static final int MAX_STEPS = WeightRounding.fullMant(MODE) / WeightRounding.mantStep(MODE);

    private FineBias() {}

    /**
     * {@code mants[d][j]}: the mantissa (even, {@link #MODE}) neuron j takes from compartment d + 1;
     * {@code errorSquares}: the squared residuals left, chip units a step, summed over neurons;
     * {@code clamped}: neurons whose digits hit the largest mantissa, with {@code worstLeft} the
     * largest residual left (chip units a step).
     */
    record Digits(int[][] mants, double errorSquares, int clamped, double worstLeft) {}

    /**
     * The digits of each neuron's bias less its drift, after the rounding of the bias input's
     * parts; adds their magnitudes to the q bounds, as if they arrived in the same step.
     *
     * @param factor the block's input gain times its scale
     * @param drift  per neuron, chip units a step to take off ({@link #drift}), or null
     */
    static Digits digits(Weights bias, double factor, List<WeightPart> parts, WeightRounding.Rounded[] rounded,
                          int[] exps, int biasInput, int n, long[] qPositive, long[] qNegative, double[] drift) {
        double[] residual = new double[n];
        if (drift != null) {
            for (int j = 0; j < n; j++) {
                residual[j] = -drift[j];
            }
        }
        double[] chip = chipWeights(biasInput, bias.entries(), parts, rounded, exps);
        for (int k = 0; k < bias.entries(); k++) {
            residual[bias.column(k)] += bias.value(k) * factor - chip[k];
        }
        int[][] digits = new int[PERIODS.length - 1][n];
        double unit = WeightRounding.unit(EXP, MODE);
        double errorSquares = 0;
        int clamped = 0;
        double worstLeft = 0;
        for (int j = 0; j < n; j++) {
            double r = residual[j];
            boolean hit = false;
            for (int d = 0; d < digits.length; d++) {
                int period = PERIODS[d + 1];
                long wanted = Math.round(r * period / unit);
                long steps = Math.max(-MAX_STEPS, Math.min(MAX_STEPS, wanted));
                hit |= steps != wanted;
                digits[d][j] = (int) (steps * WeightRounding.mantStep(MODE));
                r -= steps * unit / period;
                long w = (long) (steps * unit);
                if (w > 0) {
                    qPositive[j] += w;
                } else {
                    qNegative[j] -= w;
                }
            }
            errorSquares += r * r;
            if (hit) {
                clamped++;
                worstLeft = Math.max(worstLeft, Math.abs(r));
            }
        }
        return new Digits(digits, errorSquares, clamped, worstLeft);
    }

    /**
     * Per post neuron, the mean drive (chip units a step) that rounding adds to its weights on the
     * calibration inputs: per synapse, the rounded weight less the exact one, times its pre
     * neuron's mean rate. Inputs whose rates were not measured add nothing.
     */
    static double[] drift(List<Connection> in, List<double[]> rates, List<WeightPart> parts,
                          WeightRounding.Rounded[] rounded, int[] exps, double factor, int n) {
        double[] drift = new double[n];
        boolean any = false;
        for (int c = 0; c < in.size(); c++) {
            double[] rate = c < rates.size() ? rates.get(c) : null;
            if (rate == null) {
                continue;
            }
            Weights w = in.get(c).synapses();
            if (rate.length != w.rows()) {
                throw new IllegalStateException("mean rates do not match the connection's rows: " + in.get(c).pre()
                        + " -> " + in.get(c).post() + ", rates=" + rate.length + ", rows=" + w.rows());
            }
            any = true;
            double[] chip = chipWeights(c, w.entries(), parts, rounded, exps);
            for (int i = 0; i < w.rows(); i++) {
                if (rate[i] == 0) {
                    continue;
                }
                for (int k = w.start(i); k < w.start(i + 1); k++) {
                    drift[w.column(k)] += (chip[k] - w.value(k) * factor) * rate[i];
                }
            }
        }
        return any ? drift : null;
    }

    /** Per entry of input {@code connection}'s weights, its rounded value in chip units, summed over the connection's parts. */
    private static double[] chipWeights(int connection, int entries, List<WeightPart> parts,
                                        WeightRounding.Rounded[] rounded, int[] exps) {
        double[] chip = new double[entries];
        for (int p = 0; p < parts.size(); p++) {
            if (parts.get(p).connection() != connection) {
                continue;
            }
            int[] mants = rounded[p].mants();
            double unit = Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + exps[p]);
            for (int k = 0; k < mants.length; k++) {
                chip[k] += mants[k] * unit;
            }
        }
        return chip;
    }

    /** The bias source with its two slower compartments. */
    static DiscreteBlock block(String name) {
        int n = PERIODS.length;
        return new DiscreteBlock(name, NeuronType.ALWAYS_ON, n, VTH_MANT << ChipLimits.VTH_SHIFT, VTH_MANT,
                ChipLimits.DECAY_MAX, 0, ChipLimits.REFRACT_MIN, 0, Discretizer.VMAX_EXP, BIAS_MANTS.clone(),
                new int[n]);
    }

    static LayerPrecision precision(String name) {
        return new LayerPrecision(name, VTH_MANT << ChipLimits.VTH_SHIFT, "always on", 0, 0, 0,
                BIAS_MANTS[BIAS_MANTS.length - 1], BIAS_MANTS[0], 1);
    }

    /** The residual digits of block {@code post} as a connection from the source's slower compartments. */
    static DiscreteConnection connection(String source, String post, int sourceBlock, int postBlock, int[][] digits) {
        int n = digits[0].length;
        int[] rowStart = new int[PERIODS.length + 1];
        int count = 0;
        for (int[] row : digits) {
            for (int m : row) {
                count += m != 0 ? 1 : 0;
            }
        }
        int[] posts = new int[count];
        int[] mants = new int[count];
        int s = 0;
        for (int d = 0; d < digits.length; d++) {
            for (int j = 0; j < n; j++) {
                if (digits[d][j] != 0) {
                    posts[s] = j;
                    mants[s++] = digits[d][j];
                }
            }
            rowStart[d + 2] = s;
        }
        return DiscreteConnection.sparse(source, post, -1, sourceBlock, postBlock, PERIODS.length, n, MODE, EXP,
                new SparseRows(rowStart, posts, mants), DiscreteConnection.SYNTHESIZED);
    }

    /** Adds each neuron's digits to {@code perStep} as the chip units they deliver a step on average. */
    static void addMeans(int[][] digits, long[] perStep) {
        for (int d = 0; d < digits.length; d++) {
            for (int j = 0; j < perStep.length; j++) {
                perStep[j] += ((long) digits[d][j] << (ChipLimits.WEIGHT_SHIFT + EXP)) / PERIODS[d + 1];
            }
        }
    }

    static boolean any(int[][] digits) {
        return Arrays.stream(digits).flatMapToInt(Arrays::stream).anyMatch(m -> m != 0);
    }
}
