package dev.loihi.compiler.phase;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.keras.ValueQuantizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A dense model whose hidden activations are fixed-grid quantized ReLUs (QKeras quantized_relu,
 * HGQ FixedPointQuantizer with SAT after a ReLU), in exact integers
 * (docs/CONVERSION.md, "Phase code"). The host sends each input feature as a count of
 * {@code inputStep}s (at most {@code inputLevels} per sign); layer 1's pre-activation is then an
 * integer number of {@code inputStep x weight grid}, and every later layer's an integer number
 * of {@code quantum x weight grid}, so the rounding each quantizer does is an integer division.
 */
public record PhasePlan(String model, double inputStep, int inputLevels, int replicas, List<PhaseLayer> layers) {
    /** Halvings tried to put a layer's bias on its pre-activation grid. */
    private static final int MAX_REFINE = 24;

    public PhasePlan {
        layers = List.copyOf(layers);
    }

    /** The model's name for a reason it cannot be phase coded, or null when it can. */
    public static String whyNot(AnnModel model) {
        List<DenseLayer> layers = model.layers();
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            LayerQuantizers q = layer.quantizers();
            boolean last = l == layers.size() - 1;
            if (layer.window() != null) {
                return "layer " + layer.name() + " is a convolution or pool";
            }
            if (q.input() != null || q.beforeActivation() != null) {
                return "layer " + layer.name() + " quantizes its input or pre-activation";
            }
            if (weightGrid(layer) == 0) {
                return "layer " + layer.name() + " has weights that are not small integers times a power of two";
            }
            if (last) {
                if (q.afterActivation() != null || layer.activation().relu()) {
                    return "output layer " + layer.name() + " is not read as a monotone function of its pre-activation";
                }
                continue;
            }
            ValueQuantizer after = q.afterActivation();
            if (after == null || after.reluGrid() == null) {
                return "hidden layer " + layer.name() + " has no fixed-grid quantized ReLU activation";
            }
            if (layer.activation() != Activation.RELU && layer.activation() != Activation.LINEAR) {
                return "hidden layer " + layer.name() + " has activation " + layer.activation().kerasName();
            }
            if (layer.activation() == Activation.LINEAR && after.apply(-after.reluGrid().quantum(), 0) != 0) {
                return "hidden layer " + layer.name() + " keeps negative values (no ReLU before its quantizer)";
            }
            if (!powerOfTwo(after.reluGrid().quantum())) {
                return "hidden layer " + layer.name() + " has a quantum that is not a power of two";
            }
        }
        return model.layers().size() < 2 ? "the model has no hidden layer" : null;
    }

    /**
     * The integers of {@code model} for inputs sent as counts of {@code inputStep} (a power of
     * two), at most {@code inputLevels} per sign. Expects {@link #whyNot} to be null.
     */
    public static PhasePlan of(AnnModel model, double inputStep, int inputLevels, int replicas) {
        if (whyNot(model) != null || !powerOfTwo(inputStep)) {
            throw new IllegalArgumentException("not phase codable: " + whyNot(model) + ", inputStep=" + inputStep);
        }
        List<PhaseLayer> out = new ArrayList<>();
        double below = inputStep;
        for (DenseLayer layer : model.layers()) {
            ValueQuantizer.ReluGrid grid = layer.quantizers().afterActivation() == null ? null
                    : layer.quantizers().afterActivation().reluGrid();
            double unit = weightGrid(layer) * below;
            for (int k = 0; k < MAX_REFINE && !(onGrid(layer.bias(), unit) && (grid == null || grid.quantum() / unit >= 2)); k++) {
                unit /= 2;
            }
            if (!onGrid(layer.bias(), unit)) {
                throw new IllegalArgumentException("bias of " + layer.name() + " is not on a power-of-two grid");
            }
            int[][] weights = new int[layer.inputSize()][layer.units()];
            double[][] kernel = layer.kernel();
            for (int i = 0; i < weights.length; i++) {
                for (int j = 0; j < weights[i].length; j++) {
                    weights[i][j] = (int) Math.rint(kernel[i][j] * below / unit);
                }
            }
            long[] bias = new long[layer.units()];
            for (int j = 0; j < bias.length; j++) {
                bias[j] = Math.round(layer.bias()[j] / unit);
            }
            int quantumUnits = grid == null ? 0 : (int) Math.rint(grid.quantum() / unit);
            out.add(new PhaseLayer(layer.name(), weights, bias, unit, quantumUnits, grid == null ? 0 : grid.maxLevel(),
                    grid == null ? ValueQuantizer.GridRounding.HALF_EVEN : grid.rounding()));
            below = grid == null ? below : grid.quantum();
        }
        return new PhasePlan(model.name(), inputStep, inputLevels, replicas, out);
    }

    public PhaseReplicas replicasOf(PhaseLayer layer) {
        return new PhaseReplicas(replicas, layer.quantumUnits(), layer.maxLevel(), layer.rounding());
    }

    /** The largest |x| the input counts carry: inputLevels x inputStep. */
    public double inputScale() {
        return inputLevels * inputStep;
    }

    /**
     * The largest power of two w such that every kernel entry is an integer multiple of w of at
     * most 255 in magnitude (a synapse mantissa), or 0 when there is none.
     */
    static double weightGrid(DenseLayer layer) {
        double max = 0;
        for (double[] row : layer.kernel()) {
            for (double w : row) {
                max = Math.max(max, Math.abs(w));
            }
        }
        if (max == 0) {
            return 1;
        }
        for (int e = Math.getExponent(max); e > Math.getExponent(max) - 8; e--) {
            double w = Math.scalb(1.0, e);
            if (max / w <= 255 && onGrid(layer.kernel(), w)) {
                return w;
            }
        }
        return 0;
    }

    static boolean onGrid(double[][] values, double unit) {
        for (double[] row : values) {
            if (!onGrid(row, unit)) {
                return false;
            }
        }
        return true;
    }

    static boolean onGrid(double[] values, double unit) {
        for (double v : values) {
            double k = v / unit;
            if (k != Math.rint(k) || Math.abs(k) > Long.MAX_VALUE / 4) {
                return false;
            }
        }
        return true;
    }

    static boolean powerOfTwo(double x) {
        return x > 0 && Math.scalb(1.0, Math.getExponent(x)) == x;
    }
}
