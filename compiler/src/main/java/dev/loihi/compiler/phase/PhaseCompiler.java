package dev.loihi.compiler.phase;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.ValueQuantizer;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.compiler.report.OutputCast;
import dev.loihi.compiler.report.PhaseSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The phase code's driver: decides whether a model is phase coded and compiles it (plan ->
 * chip integers -> partition, place, pack). The settings were chosen with the integer
 * simulation ({@link PhaseArithmetic}) on the QKeras jet tagger, docs/CONVERSION.md "Phase code".
 */
public final class PhaseCompiler {
    /** Replicas per hidden unit: windows of ceil(levels / 8) steps (8 for 63 levels). */
    public static final int REPLICAS = 8;
    /** Input axons per sign of a feature: with {@link #INPUT_STEPS}, 640 input steps per sign. */
    public static final int INPUT_COPIES = 64;
    /** Steps the host sends input in. */
    public static final int INPUT_STEPS = 10;
    /**
     * Fewer copies for longer, when a step of 64 copies' spikes would outweigh the first layer's
     * hold (a wide first layer): the same 640 input steps, a longer pipeline.
     */
    private static final int[][] INPUT_SHAPES = {{INPUT_COPIES, INPUT_STEPS}, {32, 20}, {16, 40}};
    /**
     * Input levels of a quantized CNN: 1,024 (2^-10 on [0, 1]), what the digits need for >= .99
     * (docs/CONVERSION.md, "Phase code for quantized CNNs"); shapes copies x steps, fewest steps
     * first: fewer copies take fewer input axons and synapses per core for a longer pipeline.
     */
    static final int CNN_INPUT_LEVELS = 1024;
    private static final int[][] CNN_INPUT_SHAPES = {{64, 16}, {32, 32}, {16, 64}, {8, 128}};
    /** Doublings of the input step tried when the finest leaves inputs past the first layer's hold. */
    private static final int MAX_COARSER = 3;

    private PhaseCompiler() {}

    /** The phase code a model can take: a dense plan ({@link PhasePlan}), a quantized CNN's ({@link CnnPhasePlan}), or none. */
    public enum Form { DENSE, CNN, NONE }

    /** Which {@link Form} {@link #compile} tries for {@code model}: the dense plan first, then the CNN plan. */
    public static Form form(AnnModel model) {
        if (PhasePlan.whyNot(model) == null) {
            return Form.DENSE;
        }
        return CnnPhasePlan.whyNot(model) == null ? Form.CNN : Form.NONE;
    }

    /**
     * The phase-coded image of {@code model}, or null when {@code coding} is RATE, or AUTO and the
     * model does not allow it. {@code inputScale} is the largest |x| the input must carry: the
     * input step is the smallest power of two at which the encoder's counts reach it, or a
     * coarser one when the finest would leave some {@code calibration} row (standardized rows at
     * |x| = 1 without them) past the first layer's hold, which the host would refuse.
     */
    public static CompileResult compile(AnnModel model, Coding coding, double inputScale, double[][] calibration,
                                        CompileOptions options) {
        return compile(model, coding == Coding.RATE ? Form.NONE : form(model), coding, inputScale, calibration, options);
    }

    /** As {@link #compile(AnnModel, Coding, double, double[][], CompileOptions)}, for a model of {@link #form} {@code form}. */
    public static CompileResult compile(AnnModel model, Form form, Coding coding, double inputScale,
                                        double[][] calibration, CompileOptions options) {
        return compile(model, form, coding, inputScale, calibration, null, options);
    }

    /**
     * As {@link #compile(AnnModel, Form, Coding, double, double[][], CompileOptions)}; a quantized
     * CNN's plan is made for inputs in {@code range} when it is given (else [0, inputScale] or
     * [-inputScale, inputScale] by the calibration values' signs).
     */
    public static CompileResult compile(AnnModel model, Form form, Coding coding, double inputScale,
                                        double[][] calibration, InputRange range, CompileOptions options) {
        if (coding == Coding.RATE) {
            return null;
        }
        if (form == Form.CNN) {
            InputRange own = range == null && calibration == null ? quantizerRange(model) : null;
            return compileCnn(model, coding, range != null ? range : own != null ? own : scaleRange(inputScale, calibration),
                    calibration, options);
        }
        String why = form == Form.DENSE ? null : PhasePlan.whyNot(model);
        PhaseNetwork.Built built = null;
        PhasePlan plan = null;
        double step = inputStep(inputScale);
        String finest = null;
        for (int coarser = 0; why == null && built == null && coarser <= MAX_COARSER; coarser++, step *= 2) {
            plan = PhasePlan.of(model, step, INPUT_COPIES * INPUT_STEPS, REPLICAS);
            String reason = null;
            for (int[] shape : INPUT_SHAPES) {
                try {
                    PhaseNetwork.Built b = PhaseNetwork.build(plan, AnnToSnn.INPUT, shape[0], shape[1],
                            model.outputLayer().activation().kerasName());
                    if (holds(plan, b, calibration)) {
                        built = b;
                        break;
                    }
                    reason = "the first layer's hold does not cover the calibration inputs at input steps up to " + step;
                } catch (IllegalArgumentException e) {
                    reason = reason == null ? e.getMessage() : reason;
                }
            }
            if (built == null && coarser == 0) {
                finest = reason;
            }
            if (built == null && coarser == MAX_COARSER) {
                why = finest + " (no coarser input step up to " + step + " does either)";
            }
        }
        if (built == null) {
            if (coding == Coding.PHASE) {
                throw new LoihiException(CompilerErrors.CONVERT_PHASE_UNSUPPORTED, "model cannot be phase coded: model="
                        + model.name() + ", reason=" + why);
            }
            return null;
        }
        return compile(built, REPLICAS, plan.inputStep(), plan.layers().get(0).weights(), null, null, options);
    }

    /**
     * A built phase network through partition, place and pack, its timing in the report and
     * metadata; a CNN's plan adds its input range and output cast (null for a dense model).
     */
    static CompileResult compile(PhaseNetwork.Built built, int replicas, double inputStep, int[][] firstLayerWeights,
                                 double[] inputRange, OutputCast cast, CompileOptions options) {
        PhaseTiming t = built.timing();
        PhaseSummary summary = new PhaseSummary(replicas, inputStep, built.network().encoding().copies(),
                built.network().encoding().windowSteps(),
                Arrays.stream(t.windowStart()).boxed().toList(), Arrays.stream(t.windowSteps()).boxed().toList(),
                t.pipelineSteps(), built.silentSteps(), firstLayerWeights, built.firstLayerLimit());
        summary = inputRange == null ? summary : summary.withCnn(inputRange, cast);
        return Compiler.compile(built.network(), options, ConversionReport.phase(summary), new Diagnostics());
    }

    /**
     * Without a range or calibration inputs, a model that quantizes its input in a way the counts
     * give names its own domain: [0, the quantizer's largest value]; null for any other model,
     * and for a quantizer that keeps negative values (a signed one: its domain is not [0, max],
     * and the counts cannot give its negative levels).
     */
    private static InputRange quantizerRange(AnnModel model) {
        ValueQuantizer q = model.layers().get(0).quantizers().input();
        if (q == null || CnnPhasePlan.whyNotInput(q) != null || q.apply(-q.fixedGrid().quantum(), 0) < 0) {
            return null;
        }
        return new InputRange(0, q.maxOutput());
    }

    /** [0, scale] when every calibration value is non-negative, else [-scale, scale]. */
    private static InputRange scaleRange(double inputScale, double[][] calibration) {
        boolean nonNegative = calibration != null && calibration.length > 0;
        for (int i = 0; calibration != null && i < calibration.length; i++) {
            for (double v : calibration[i]) {
                nonNegative &= v >= 0;
            }
        }
        return new InputRange(nonNegative ? 0 : -inputScale, inputScale);
    }

    /**
     * A quantized CNN's plan (docs/CONVERSION.md, "Phase code for quantized CNNs") for inputs in
     * {@code range} at {@link #CNN_INPUT_LEVELS} levels, in the first input shape whose network
     * builds and fits the chips; null under AUTO when none does or a calibration value is outside.
     */
    private static CompileResult compileCnn(AnnModel model, Coding coding, InputRange range, double[][] calibration,
                                            CompileOptions options) {
        for (int i = 0; calibration != null && i < calibration.length; i++) {
            for (double v : calibration[i]) {
                if (!range.holds(v)) {
                    return refuseCnn(model, coding, "a calibration input is outside the input range: value=" + v
                            + ", range=[" + range.low() + ", " + range.high() + "]");
                }
            }
        }
        String reason = null;
        ValueQuantizer inputQuantizer = model.layers().get(0).quantizers().input();
        for (int[] shape : inputQuantizer == null ? cnnShapes() : quantizedInputShapes(inputQuantizer, range)) {
            int levels = shape[0] * shape[1];
            double step = inputQuantizer == null ? inputStep(range.magnitude(), levels) : inputQuantizer.fixedGrid().quantum();
            try {
                CnnPhasePlan plan = CnnPhasePlan.of(model, step, levels, range.low(), range.high());
                return CnnPhaseNetwork.compile(plan, model.inputSize(), range.low(), range.high(), REPLICAS, shape[0],
                        shape[1], model.outputLayer().activation().kerasName(), options);
            } catch (IllegalArgumentException e) {
                reason = reason == null ? e.getMessage() : reason;
            } catch (LoihiException e) {
                // built, but not within the chips: fewer copies take fewer input axons and synapses
                reason = "input " + shape[0] + " copies x " + shape[1] + " steps: [" + e.code() + "] " + e.getMessage();
            }
        }
        return refuseCnn(model, coding, reason);
    }

    /**
     * The CNN's input shapes in the order tried: {@link #CNN_INPUT_LEVELS} levels first, then the
     * dense code's 640 (a coarser step, whose first-stage sums fit a smaller hold).
     */
    private static int[][] cnnShapes() {
        int[][] shapes = Arrays.copyOf(CNN_INPUT_SHAPES, CNN_INPUT_SHAPES.length + INPUT_SHAPES.length);
        System.arraycopy(INPUT_SHAPES, 0, shapes, CNN_INPUT_SHAPES.length, INPUT_SHAPES.length);
        return shapes;
    }

    /**
     * A CNN whose input the model quantizes: the host's counts are its levels (its quantum the
     * input step), so the shapes need only reach the top level: fewest steps first, each with
     * the fewest copies that do, up to 64; none when the quantizer is not one counts can give.
     * The copies are a power of two, as the steps are: the encoder's scale (levels x quantum) is
     * then one too and its accumulators add without rounding, so it counts a midpoint up as the
     * quantizer rounds it (with 5, 12 or 28 copies over 2 steps some midpoints lost a count).
     */
    static int[][] quantizedInputShapes(ValueQuantizer inputQuantizer, InputRange range) {
        if (CnnPhasePlan.whyNotInput(inputQuantizer) != null) {
            return new int[][] {CNN_INPUT_SHAPES[0]};
        }
        double quantum = inputQuantizer.fixedGrid().quantum();
        long top = Math.abs(PhaseArithmetic.count(range.magnitude(), quantum, Integer.MAX_VALUE));
        List<int[]> shapes = new ArrayList<>();
        for (int steps = 1; steps <= CNN_INPUT_LEVELS; steps *= 2) {
            long copies = Long.highestOneBit(Math.max(1, (top + steps - 1) / steps) * 2 - 1);
            if (copies <= INPUT_COPIES) {
                shapes.add(new int[] {(int) copies, steps});
            }
        }
        return shapes.toArray(new int[0][]);
    }

    private static CompileResult refuseCnn(AnnModel model, Coding coding, String reason) {
        if (coding == Coding.PHASE) {
            throw new LoihiException(CompilerErrors.CONVERT_PHASE_UNSUPPORTED, "quantized CNN cannot be phase coded: model="
                    + model.name() + ", reason=" + reason);
        }
        return null;
    }

    /** As {@link #compile(AnnModel, Coding, double, double[][], CompileOptions)} without calibration inputs. */
    public static CompileResult compile(AnnModel model, Coding coding, double inputScale, CompileOptions options) {
        return compile(model, coding, inputScale, null, options);
    }

    /** Whether every calibration row (or, without them, every row of +-1) stays within the first layer's hold. */
    private static boolean holds(PhasePlan plan, PhaseNetwork.Built built, double[][] calibration) {
        int[][] weights = plan.layers().get(0).weights();
        long[] limit = built.firstLayerLimit();
        int maxCount = plan.inputLevels();
        if (calibration == null) {
            // A standardized row at |x| = 1 everywhere, each sign where it adds most.
            for (int j = 0; j < limit.length; j++) {
                double[] x = new double[weights.length];
                for (int k = 0; k < x.length; k++) {
                    x[k] = weights[k][j] < 0 ? -1 : 1;
                }
                if (PhaseArithmetic.firstOverLimit(weights, limit, plan.inputStep(), maxCount, x) >= 0) {
                    return false;
                }
            }
            return true;
        }
        for (double[] x : calibration) {
            if (PhaseArithmetic.firstOverLimit(weights, limit, plan.inputStep(), maxCount, x) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The smallest power of two s with INPUT_COPIES x INPUT_STEPS x s >= scale. */
    public static double inputStep(double scale) {
        return inputStep(scale, INPUT_COPIES * INPUT_STEPS);
    }

    /** The smallest power of two s with levels x s >= scale. */
    static double inputStep(double scale, int levels) {
        double step = Math.scalb(1.0, Math.getExponent(scale / levels));
        return step * levels >= scale ? step : 2 * step;
    }
}
