package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.report.ConversionReport.InputLoss;
import dev.loihi.compiler.report.ConversionReport.LayerLoss;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a rate code loses a layer's values, measured on float activations: a value above the
 * layer's scale divided by the max rate asks for more than one spike per step and is clipped;
 * a positive value that gives less than one spike in a presentation of {@code steps} steps is
 * lost (it rounds towards nothing). Fractions are of the positive (non-zero) values, since a
 * zero is carried exactly: a sparse layer's losses are not diluted by its zeros.
 */
public final class RateLoss {
    /**
     * Values below this share of the layer's scale count as zero: one spike in a million steps,
     * longer than any presentation, is float residue, not a value. The conv jet tagger's trained
     * biases of 1e-18 and 6e-7 give every empty window of its sparse images such a value; counted
     * as positive, they made 85% of its first layer's values "lost" where 3% were.
     */
    static final double NEGLIGIBLE = 1e-6;
    private RateLoss() {}

    /** The losses of one model and conversion over a set of inputs, for presentations of {@code steps}. */
    public record Losses(int steps, InputLoss input, List<LayerLoss> layers) {}

    /** Losses of {@code model} converted with {@code scales} and {@code maxRate} on inputs {@code x}. */
    public static Losses measure(AnnModel model, LayerScales scales, double maxRate, double[][] x, int steps) {
        AnnModel merged = LinearMerge.merge(model);
        List<double[][]> outputs = FloatModel.layerOutputs(merged, x);
        double[] lambda = scales.hidden();
        List<LayerLoss> layers = new ArrayList<>();
        for (int l = 0; l < merged.layers().size() - 1; l++) {
            long active = 0;
            long clipped = 0;
            long lost = 0;
            for (double[] row : outputs.get(l)) {
                for (double a : row) {
                    if (a <= NEGLIGIBLE * lambda[l]) {
                        continue;
                    }
                    double rate = maxRate * a / lambda[l];
                    active++;
                    clipped += rate > 1.0 ? 1 : 0;
                    lost += rate * steps < 1.0 ? 1 : 0;
                }
            }
            layers.add(new LayerLoss(merged.layers().get(l).name(), lambda[l], fraction(clipped, active),
                    fraction(lost, active)));
        }
        return new Losses(steps, input(x, scales.input()), layers);
    }

    /** Input values the encoder clips at one spike per step, overall and for the worst feature. */
    public static InputLoss input(double[][] x, double scale) {
        int features = x.length == 0 ? 0 : x[0].length;
        long[] nonZero = new long[features];
        long[] clipped = new long[features];
        for (double[] row : x) {
            for (int k = 0; k < features; k++) {
                if (row[k] != 0) {
                    nonZero[k]++;
                    clipped[k] += Math.abs(row[k]) > scale ? 1 : 0;
                }
            }
        }
        long allNonZero = 0;
        long allClipped = 0;
        int worst = -1;
        double worstFraction = 0;
        for (int k = 0; k < features; k++) {
            allNonZero += nonZero[k];
            allClipped += clipped[k];
            double f = fraction(clipped[k], nonZero[k]);
            if (f > worstFraction) {
                worst = k;
                worstFraction = f;
            }
        }
        return new InputLoss(scale, fraction(allClipped, allNonZero), worst, worstFraction);
    }

    private static double fraction(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }
}
