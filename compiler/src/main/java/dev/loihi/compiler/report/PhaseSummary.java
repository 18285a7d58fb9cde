package dev.loihi.compiler.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * How a model was phase coded (docs/CONVERSION.md, "Phase code"), for the compile report and
 * the image metadata, where the host reads what it must honour: input only in the first
 * {@code inputSteps} steps, presentations of {@code pipelineSteps} to {@code silentSteps}
 * steps, and each input's first-layer sums within {@code firstLayerLimit}.
 *
 * @param inputStep        the value of one input spike; a feature sends round(|x| / inputStep)
 *                         of them, at most inputCopies x inputSteps
 * @param windowStart      per hidden layer, the first step its replicas may fire
 * @param firstLayerWeights [feature][unit], the first layer's weights in its sum's steps
 * @param firstLayerLimit  per first-layer unit, the largest sum of its positive input terms
 *                         (weight x signed count) the hold keeps below threshold
 * @param inputRange       a CNN's plan: [low, high], the inputs it is exact on (null for a dense model)
 * @param outputCast       a CNN's plan: the output quantizers the host applies to the readout, or null
 */
public record PhaseSummary(int replicas, double inputStep, int inputCopies, int inputSteps, List<Integer> windowStart,
                           List<Integer> windowSteps, int pipelineSteps, int silentSteps, int[][] firstLayerWeights,
                           long[] firstLayerLimit,
                           @JsonInclude(JsonInclude.Include.NON_NULL) double[] inputRange,
                           @JsonInclude(JsonInclude.Include.NON_NULL) OutputCast outputCast) {
    public PhaseSummary {
        windowStart = List.copyOf(windowStart);
        windowSteps = List.copyOf(windowSteps);
    }

    /** A dense model's phase code: any input within the encoder's scale, the readout's P the output. */
    public PhaseSummary(int replicas, double inputStep, int inputCopies, int inputSteps, List<Integer> windowStart,
                        List<Integer> windowSteps, int pipelineSteps, int silentSteps, int[][] firstLayerWeights,
                        long[] firstLayerLimit) {
        this(replicas, inputStep, inputCopies, inputSteps, windowStart, windowSteps, pipelineSteps, silentSteps,
                firstLayerWeights, firstLayerLimit, null, null);
    }

    /** With what a CNN's plan adds: the input range it is exact on, and the output cast the host applies. */
    public PhaseSummary withCnn(double[] range, OutputCast cast) {
        return new PhaseSummary(replicas, inputStep, inputCopies, inputSteps, windowStart, windowSteps, pipelineSteps,
                silentSteps, firstLayerWeights, firstLayerLimit, range.clone(), cast);
    }

    String toSummary() {
        return String.format(Locale.ROOT, "coding: phase, %d replicas per hidden unit, input %d copies x %d steps"
                        + " (step %s, up to |x| = %s), windows open at steps %s for %s steps, readout final after %d steps,"
                        + " gates silent for %d steps%n", replicas, inputCopies, inputSteps, inputStep,
                inputStep * inputCopies * inputSteps, windowStart, windowSteps, pipelineSteps, silentSteps);
    }
}
