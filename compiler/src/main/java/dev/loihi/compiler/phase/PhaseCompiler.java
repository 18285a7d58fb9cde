package dev.loihi.compiler.phase;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.compiler.report.PhaseSummary;
import java.util.Arrays;

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

    private PhaseCompiler() {}

    /**
     * The phase-coded image of {@code model}, or null when {@code coding} is RATE, or AUTO and the
     * model does not allow it. {@code inputScale} is the largest |x| the input must carry: the
     * input step is the smallest power of two at which the encoder's counts reach it.
     */
    public static CompileResult compile(AnnModel model, Coding coding, double inputScale, CompileOptions options) {
        if (coding == Coding.RATE) {
            return null;
        }
        String why = PhasePlan.whyNot(model);
        PhaseNetwork.Built built = null;
        PhasePlan plan = null;
        if (why == null) {
            plan = PhasePlan.of(model, inputStep(inputScale), INPUT_COPIES * INPUT_STEPS, REPLICAS);
            for (int[] shape : INPUT_SHAPES) {
                try {
                    built = PhaseNetwork.build(plan, AnnToSnn.INPUT, shape[0], shape[1],
                            model.outputLayer().activation().kerasName());
                    break;
                } catch (IllegalArgumentException e) {
                    why = e.getMessage();
                }
            }
        }
        if (built == null) {
            if (coding == Coding.PHASE) {
                throw new LoihiException(CompilerErrors.CONVERT_PHASE_UNSUPPORTED, "model cannot be phase coded: model="
                        + model.name() + ", reason=" + why);
            }
            return null;
        }
        PhaseTiming t = built.timing();
        PhaseSummary summary = new PhaseSummary(REPLICAS, plan.inputStep(), built.network().encoding().copies(),
                built.network().encoding().windowSteps(),
                Arrays.stream(t.windowStart()).boxed().toList(), Arrays.stream(t.windowSteps()).boxed().toList(),
                t.pipelineSteps(), built.silentSteps(), plan.layers().get(0).weights(), built.firstLayerLimit());
        return Compiler.compile(built.network(), options, ConversionReport.phase(summary), new Diagnostics());
    }

    /** The smallest power of two s with INPUT_COPIES x INPUT_STEPS x s >= scale. */
    public static double inputStep(double scale) {
        double step = Math.scalb(1.0, Math.getExponent(scale / (INPUT_COPIES * INPUT_STEPS)));
        return step * INPUT_COPIES * INPUT_STEPS >= scale ? step : 2 * step;
    }
}
