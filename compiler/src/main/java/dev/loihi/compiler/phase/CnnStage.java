package dev.loihi.compiler.phase;

import dev.loihi.compiler.keras.ConvGeometry;
import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;
import dev.loihi.compiler.report.OutputCast;

/**
 * One spiking stage of a phase-coded quantized CNN in exact integers: unit j sums
 * {@code P = bias[j] + sum_k weights[j][k] x below[inputs[j][k]]} (one P step is worth
 * {@code unit}), rounds it to its level n on a grid of {@code quantumUnits} P steps as
 * {@code rounding} does, and sends {@code staircase.value(n)}, in levels of {@code valueGrid}.
 * Weights are held per unit over its non-zero inputs: a convolution reads only its window.
 * The output stage's value is computed by the host from the readout's exact P.
 *
 * @param window the convolution or pool window when the stage is one (for its cost), else null
 */
public record CnnStage(String name, int[][] inputs, int[][] weights, long[] bias, double unit, long quantumUnits,
                       GridRounding rounding, LevelStaircase staircase, double valueGrid, boolean output,
                       ConvGeometry window) {

    public int units() {
        return bias.length;
    }

    /** P of unit j for the values {@code below} of the stage before (input counts for the first). */
    public long preActivation(int j, long[] below) {
        long p = bias[j];
        int[] in = inputs[j];
        int[] w = weights[j];
        for (int k = 0; k < in.length; k++) {
            p += (long) w[k] * below[in[k]];
        }
        return p;
    }

    /** The level of P: P / quantumUnits rounded as {@code rounding} (exactly, in integers). */
    public long level(long p) {
        return level(p, quantumUnits, rounding);
    }

    /** Every unit's value for the values below. */
    public long[] values(long[] below) {
        long[] out = new long[units()];
        for (int j = 0; j < out.length; j++) {
            out[j] = staircase.value(level(preActivation(j, below)));
        }
        return out;
    }

    static long level(long p, long g, GridRounding rounding) {
        return new OutputCast(1, g, rounding, 0, new long[0], 1).level(p);
    }

    /** The output stage's quantizers as the host applies them to the readout, over the levels it can reach. */
    public OutputCast cast() {
        long[] values = new long[(int) (staircase.high() - staircase.low() + 1)];
        for (int n = 0; n < values.length; n++) {
            values[n] = staircase.value(staircase.low() + n);
        }
        return new OutputCast(unit, quantumUnits, rounding, staircase.low(), values, valueGrid);
    }
}
