package dev.loihi.compiler.phase;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.keras.ValueQuantizer;
import dev.loihi.compiler.keras.ValueQuantizer.FixedGrid;
import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * A quantized CNN (HGQ {@code FixedPointQuantizer}s, any rounding, WRAP or SAT; convolutions,
 * max pools as their ReLU trees) in exact integers: the phase code's plan for it
 * (docs/CONVERSION.md, "Phase code for quantized CNNs"). Each layer with weights becomes a
 * {@link CnnStage} whose units send a {@link LevelStaircase} of their rounded level, built over
 * every level the layer can reach from the input range; a pool's linear sum is folded into the
 * next stage's integer weights, or, when the next layer quantizes its input, becomes a stage
 * whose staircase is that input quantizer. Layers without a quantizer (the max trees' ReLUs)
 * are stages too: their levels are exact sums, the staircase a plain ramp.
 *
 * <p>Not built on the chip yet: this is the plan the integer simulation measures
 * ({@code HgqCnnPhaseStudyTest}).
 */
public record CnnPhasePlan(String model, double inputStep, int inputLevels, List<CnnStage> stages) {
    private static final int MAX_REFINE = 24;

    public CnnPhasePlan {
        stages = List.copyOf(stages);
    }

    /** Why {@code model} has no such plan, or null when it has one. */
    public static String whyNot(AnnModel model) {
        List<DenseLayer> layers = model.layers();
        String input = whyNotInput(layers.get(0).quantizers().input());
        if (input != null) {
            return "layer " + layers.get(0).name() + " quantizes the model's input " + input;
        }
        boolean any = false;
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            LayerQuantizers q = layer.quantizers();
            boolean last = l == layers.size() - 1;
            for (ValueQuantizer v : new ValueQuantizer[] {q.input(), q.beforeActivation(), q.afterActivation()}) {
                if (v != null && (v.fixedGrid() == null || !PhasePlan.powerOfTwo(v.fixedGrid().quantum()))) {
                    return "layer " + layer.name() + " has a quantizer without one power-of-two grid: " + v.describe();
                }
                any |= v != null;
            }
            if (layer.activation() != Activation.RELU && layer.activation() != Activation.LINEAR
                    && !(last && layer.activation().outputOnly())) {
                return "layer " + layer.name() + " has activation " + layer.activation().kerasName();
            }
            if (PhasePlan.weightGrid(layer) == 0) {
                return "layer " + layer.name() + " has weights that are not small integers times a power of two";
            }
        }
        return any ? null : "the model has no value quantizer";
    }

    /**
     * The plan for inputs in [xLow, xHigh], sent as counts of {@code inputStep} (a power of two),
     * at most {@code inputLevels} per sign. Expects {@link #whyNot} to be null.
     */
    public static CnnPhasePlan of(AnnModel model, double inputStep, int inputLevels, double xLow, double xHigh) {
        String why = whyNot(model);
        if (why != null || !PhasePlan.powerOfTwo(inputStep)) {
            throw new IllegalArgumentException("no integer plan: " + why + ", inputStep=" + inputStep);
        }
        List<DenseLayer> layers = model.layers();
        List<CnnStage> stages = new ArrayList<>();
        double below = inputStep;
        long lo = PhaseArithmetic.count(xLow, inputStep, inputLevels);
        long hi = PhaseArithmetic.count(xHigh, inputStep, inputLevels);
        int[][] fold = null;
        ValueQuantizer inputQuantizer = layers.get(0).quantizers().input();
        if (inputQuantizer != null) {
            requireCounted(layers.get(0).name(), inputQuantizer, inputStep, inputLevels, xLow, xHigh);
        }
        boolean inputTaken = inputQuantizer != null;
        // The range of the values entering a max pool's ReLU tree, while inside one (treeHi >= 0).
        long treeLo = 0;
        long treeHi = -1;
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            boolean last = l == layers.size() - 1;
            ValueQuantizer nextIn = last ? null : layers.get(l + 1).quantizers().input();
            if (!last && nextIn == null && pureSum(layer)) {
                fold = compose(fold, integers(layer.kernel(), 1.0));
                continue;
            }
            LayerQuantizers q = layer.quantizers();
            if (q.input() != null && !inputTaken) {
                throw new IllegalArgumentException("input quantizer of " + layer.name() + " follows no linear sum");
            }
            ValueQuantizer[] chain = {q.beforeActivation(), q.afterActivation(), nextIn};
            ValueQuantizer first = firstOf(chain);
            ValueQuantizer lastQ = lastOf(chain);
            double wgrid = PhasePlan.weightGrid(layer);
            double unit = wgrid * below;
            double quantum = first == null ? unit : first.fixedGrid().quantum();
            GridRounding rounding = first == null ? GridRounding.FLOOR : first.fixedGrid().rounding();
            for (int k = 0; k < MAX_REFINE && !(PhasePlan.onGrid(layer.bias(), unit) && evenSteps(quantum, unit)); k++) {
                unit /= 2;
            }
            if (!PhasePlan.onGrid(layer.bias(), unit) || !evenSteps(quantum, unit)) {
                throw new IllegalArgumentException("layer " + layer.name() + ": bias or quantum off every power-of-two grid");
            }
            int[][] unfolded = integers(layer.kernel(), below / unit);
            int[][] w = fold == null ? unfolded : multiply(fold, unfolded);
            fold = null;
            long[] bias = new long[layer.units()];
            for (int j = 0; j < bias.length; j++) {
                bias[j] = Math.round(layer.bias()[j] / unit);
            }
            double valueGrid = lastQ == null ? quantum : lastQ.fixedGrid().quantum();
            long g = Math.round(quantum / unit);
            int[][] inputs = new int[bias.length][];
            int[][] weights = new int[bias.length][];
            sparseColumns(w, inputs, weights);
            long[] pRange;
            long factor = Math.round(below / unit);
            if (maxTreeLevel(layer)) {
                // Each unit is relu(x) or relu(y - x) of maxima of the values entering the tree.
                treeLo = treeHi < 0 ? Math.max(0, lo) : treeLo;
                treeHi = treeHi < 0 ? Math.max(0, hi) : treeHi;
                pRange = new long[] {-factor * treeHi, factor * treeHi};
            } else if (treeHi >= 0 && pureSum(layer)) {
                // The tree's sum is the pool's maximum: a value entering the tree.
                pRange = new long[] {factor * treeLo, factor * treeHi};
                treeHi = -1;
            } else if (treeHi >= 0) {
                int[][] pooledInputs = new int[bias.length][];
                int[][] pooledWeights = new int[bias.length][];
                sparseColumns(unfolded, pooledInputs, pooledWeights);
                pRange = preActivationRange(pooledInputs, pooledWeights, bias, treeLo, treeHi);
                treeHi = -1;
            } else {
                pRange = preActivationRange(inputs, weights, bias, lo, hi);
            }
            LongUnaryOperator f = valueOf(layer.activation(), chain, quantum, valueGrid);
            LevelStaircase stairs = LevelStaircase.of(f, CnnStage.level(pRange[0], g, rounding),
                    CnnStage.level(pRange[1], g, rounding));
            stages.add(new CnnStage(layer.name(), inputs, weights, bias, unit, g, rounding, stairs, valueGrid, last,
                    layer.window()));
            long[] values = stairs.valueRange();
            lo = values[0];
            hi = values[1];
            below = valueGrid;
            inputTaken = nextIn != null;
        }
        return new CnnPhasePlan(model.name(), inputStep, inputLevels, stages);
    }

    /**
     * Why the host's counts cannot be a quantizer of the model's input, or null when they can:
     * the encoder sends round half up of |x| / inputStep, which for x >= 0 is a grid quantizer
     * that rounds half up, at a power-of-two quantum ({@link #requireCounted} checks the rest).
     */
    static String whyNotInput(ValueQuantizer q) {
        if (q == null) {
            return null;
        }
        ValueQuantizer.FixedGrid grid = q.fixedGrid();
        if (grid == null || !PhasePlan.powerOfTwo(grid.quantum()) || grid.rounding() != GridRounding.HALF_UP) {
            return q.describe() + " (only a power-of-two grid rounded half up is what the host's counts give)";
        }
        return null;
    }

    /**
     * That the host's counts of inputStep, for every x in [xLow, xHigh], are the input quantizer's
     * levels: inputStep is its quantum, no input is negative, and on the range it only rounds
     * (every grid point kept, every midpoint up), neither wrapping nor saturating.
     */
    private static void requireCounted(String layer, ValueQuantizer q, double inputStep, int inputLevels, double xLow,
                                       double xHigh) {
        String why = whyNotInput(q);
        double quantum = why == null ? q.fixedGrid().quantum() : 0;
        if (why == null && (quantum != inputStep || xLow < 0)) {
            why = q.describe() + " needs input step " + quantum + " and no negative input: inputStep=" + inputStep
                    + ", low=" + xLow;
        }
        long top = why == null ? PhaseArithmetic.count(xHigh, inputStep, inputLevels) : 0;
        if (why == null && top * inputStep + inputStep / 2 <= xHigh) {
            why = "input levels " + inputLevels + " do not reach high=" + xHigh;
        }
        for (long k = 0; why == null && k <= top; k++) {
            if (q.apply(k * quantum, 0) != k * quantum || (k < top && q.apply((k + 0.5) * quantum, 0) != (k + 1) * quantum)) {
                why = q.describe() + " does not only round on [" + xLow + ", " + xHigh + "]: level=" + k;
            }
        }
        if (why != null) {
            throw new IllegalArgumentException("the model's input quantizer on layer " + layer + ": " + why);
        }
    }

    /** Every stage's values for input x: hidden stages' sent values, then the output's (what the host computes). */
    public long[][] forward(double[] x) {
        long[] below = new long[x.length];
        for (int k = 0; k < x.length; k++) {
            below[k] = PhaseArithmetic.count(x[k], inputStep, inputLevels);
        }
        long[][] out = new long[stages.size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = stages.get(s).values(below);
            below = out[s];
        }
        return out;
    }

    /** The output in float units: the output stage's values times its grid. */
    public double[] output(double[] x) {
        long[][] all = forward(x);
        CnnStage last = stages.get(stages.size() - 1);
        return Arrays.stream(all[all.length - 1]).mapToDouble(v -> v * last.valueGrid()).toArray();
    }

    /** F(n): the chain of quantizers and the activation on level n x quantum, in levels of valueGrid. */
    private static LongUnaryOperator valueOf(Activation activation, ValueQuantizer[] chain, double quantum,
                                             double valueGrid) {
        return n -> {
            double v = n * quantum;
            v = chain[0] == null ? v : chain[0].apply(v, 0);
            v = activation == Activation.RELU ? Math.max(0, v) : v;
            for (int c = 1; c < chain.length; c++) {
                v = chain[c] == null ? v : chain[c].apply(v, 0);
            }
            double levels = v / valueGrid;
            if (levels != Math.rint(levels)) {
                throw new IllegalArgumentException("value " + v + " is off its grid " + valueGrid);
            }
            return (long) levels;
        };
    }

    /** A linear layer of integer weights, no bias and no quantizer: a pool's sum, folded into the next. */
    static boolean pureSum(DenseLayer layer) {
        if (layer.activation() != Activation.LINEAR || layer.quantizers().any()) {
            return false;
        }
        for (double b : layer.bias()) {
            if (b != 0) {
                return false;
            }
        }
        return PhasePlan.onGrid(layer.kernel(), 1.0);
    }

    /**
     * A level of {@code MaxPoolTree} as the importer names it ({@code <pool>_max<k>}): ReLU units of
     * unit weights reading maxima of the tree's input, so their levels stay within its range.
     */
    static boolean maxTreeLevel(DenseLayer layer) {
        if (!layer.name().matches(".*_max[0-9]+") || layer.activation() != Activation.RELU || layer.quantizers().any()) {
            return false;
        }
        for (double b : layer.bias()) {
            if (b != 0) {
                return false;
            }
        }
        for (double[] row : layer.kernel()) {
            for (double k : row) {
                if (k != 0 && Math.abs(k) != 1) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long[] preActivationRange(int[][] inputs, int[][] weights, long[] bias, long lo, long hi) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int j = 0; j < bias.length; j++) {
            long a = bias[j];
            long b = bias[j];
            for (int w : weights[j]) {
                a += Math.min(w * lo, w * hi);
                b += Math.max(w * lo, w * hi);
            }
            min = Math.min(min, a);
            max = Math.max(max, b);
        }
        return new long[] {min, max};
    }

    private static void sparseColumns(int[][] w, int[][] inputs, int[][] weights) {
        int units = inputs.length;
        for (int j = 0; j < units; j++) {
            int n = 0;
            for (int[] row : w) {
                n += row[j] != 0 ? 1 : 0;
            }
            inputs[j] = new int[n];
            weights[j] = new int[n];
            int k = 0;
            for (int i = 0; i < w.length; i++) {
                if (w[i][j] != 0) {
                    inputs[j][k] = i;
                    weights[j][k++] = w[i][j];
                }
            }
        }
    }

    private static int[][] integers(double[][] kernel, double factor) {
        int[][] out = new int[kernel.length][kernel[0].length];
        for (int i = 0; i < kernel.length; i++) {
            for (int j = 0; j < kernel[i].length; j++) {
                double v = kernel[i][j] * factor;
                if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE / 2) {
                    throw new IllegalArgumentException("weight " + kernel[i][j] + " is not an integer at factor " + factor);
                }
                out[i][j] = (int) v;
            }
        }
        return out;
    }

    private static int[][] compose(int[][] a, int[][] b) {
        return a == null ? b : multiply(a, b);
    }

    private static int[][] multiply(int[][] a, int[][] b) {
        int[][] out = new int[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                if (a[i][k] == 0) {
                    continue;
                }
                for (int j = 0; j < b[k].length; j++) {
                    out[i][j] = Math.addExact(out[i][j], Math.multiplyExact(a[i][k], b[k][j]));
                }
            }
        }
        return out;
    }

    private static ValueQuantizer firstOf(ValueQuantizer[] chain) {
        for (ValueQuantizer q : chain) {
            if (q != null) {
                return q;
            }
        }
        return null;
    }

    private static ValueQuantizer lastOf(ValueQuantizer[] chain) {
        for (int c = chain.length - 1; c >= 0; c--) {
            if (chain[c] != null) {
                return chain[c];
            }
        }
        return null;
    }

    private static boolean evenSteps(double quantum, double unit) {
        double g = quantum / unit;
        return g >= 2 && g == Math.rint(g) && ((long) g) % 2 == 0;
    }
}
