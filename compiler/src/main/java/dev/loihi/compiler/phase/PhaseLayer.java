package dev.loihi.compiler.phase;

import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;

/**
 * One dense layer of a phase-coded model in exact integers. Its pre-activation is
 * {@code z = P x unit} with {@code P = sum_i weights[i][j] x count_i + bias[j]}, where count_i
 * is how many quanta the layer below sent (host spikes for the first layer). A hidden layer's
 * activation is {@code k x quantum} with k = P / quantumUnits rounded as {@code rounding} (half to
 * even, half up or floor), clipped to 0..maxLevel, which its replicas emit as spikes, one per
 * quantum; the output layer's P is read.
 *
 * @param weights      [input][unit] integers (the quantized kernel / (unit / input quantum))
 * @param bias         per unit, in units of {@code unit}
 * @param unit         the value of one P step
 * @param quantumUnits a hidden layer's quantum in P steps (even); 0 for the output layer
 * @param maxLevel     a hidden layer's largest level; 0 for the output layer
 * @param rounding     how a hidden layer's quantizer rounds
 */
public record PhaseLayer(String name, int[][] weights, long[] bias, double unit, int quantumUnits, int maxLevel,
                         GridRounding rounding) {

    /** A layer that rounds half to even (QKeras's quantized_relu), or the output layer. */
    public PhaseLayer(String name, int[][] weights, long[] bias, double unit, int quantumUnits, int maxLevel) {
        this(name, weights, bias, unit, quantumUnits, maxLevel, GridRounding.HALF_EVEN);
    }

    public boolean hidden() {
        return quantumUnits > 0;
    }

    public int inputs() {
        return weights.length;
    }

    public int units() {
        return bias.length;
    }

    /** P of unit j for the given counts of the layer below. */
    public long preActivation(int j, int[] counts) {
        long p = bias[j];
        for (int i = 0; i < counts.length; i++) {
            p += (long) weights[i][j] * counts[i];
        }
        return p;
    }
}
