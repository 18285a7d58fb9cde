package dev.loihi.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;
import dev.loihi.compiler.phase.PhaseArithmetic;
import dev.loihi.compiler.report.OutputCast;
import java.nio.file.Path;

/**
 * What a phase-coded image (docs/CONVERSION.md, "Phase code") asks of the host, from its
 * metadata ({@code conversion.phase}): input only in the first {@code windowSteps} steps, the
 * readout summed rather than averaged, presentations of {@code pipelineSteps} to
 * {@code silentSteps} steps, and no input whose first-layer sum passes what the hold keeps below
 * threshold. An input past that would make a replica fire before its window: refused, not run.
 *
 * @param weights [feature][unit] the first layer's integer weights, per input step
 * @param limit   per first-layer unit, the largest sum of positive terms weight x signed count
 * @param range   a CNN's plan: [low, high], the inputs it is exact on; null for a dense model
 * @param cast    a CNN's plan: the output quantizers applied to the readout; null for a dense model
 */
public record PhaseInput(int windowSteps, double inputStep, int maxCount, int pipelineSteps, int silentSteps,
                         int[][] weights, long[] limit, double[] range, OutputCast cast) {

    /** The phase code's requirements, or null for a rate-coded image. */
    static PhaseInput of(JsonNode meta) {
        JsonNode p = meta.path("conversion").path("phase");
        int window = meta.path("encoding").path("windowSteps").asInt(0);
        if (window == 0) {
            return null;
        }
        if (!p.isObject() || !p.path("firstLayerWeights").isArray() || !p.path("firstLayerLimit").isArray()) {
            throw new LoihiException(HostErrors.IMAGE_METADATA, "phase-coded image lacks conversion.phase: windowSteps=" + window);
        }
        JsonNode w = p.path("firstLayerWeights");
        int[][] weights = new int[w.size()][];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = new int[w.get(k).size()];
            for (int j = 0; j < weights[k].length; j++) {
                weights[k][j] = w.get(k).get(j).asInt();
            }
        }
        JsonNode l = p.path("firstLayerLimit");
        long[] limit = new long[l.size()];
        for (int j = 0; j < limit.length; j++) {
            limit[j] = l.get(j).asLong();
        }
        double[] range = null;
        OutputCast cast = null;
        if (p.has("inputRange") || p.has("outputCast")) {
            JsonNode r = p.path("inputRange");
            JsonNode c = p.path("outputCast");
            if (r.size() != 2 || !c.path("values").isArray() || !(c.path("quantumUnits").asLong() > 0)) {
                throw new LoihiException(HostErrors.IMAGE_METADATA, "phase-coded CNN image lacks its input range or"
                        + " output cast: inputRange=" + r + ", outputCast.quantumUnits=" + c.path("quantumUnits"));
            }
            range = new double[] {r.get(0).asDouble(), r.get(1).asDouble()};
            long[] values = new long[c.path("values").size()];
            for (int n = 0; n < values.length; n++) {
                values[n] = c.path("values").get(n).asLong();
            }
            GridRounding rounding;
            try {
                rounding = GridRounding.valueOf(c.path("rounding").asText());
            } catch (IllegalArgumentException e) {
                throw new LoihiException(HostErrors.IMAGE_METADATA, "phase-coded CNN image names no known output"
                        + " rounding: outputCast.rounding=" + c.path("rounding"));
            }
            cast = new OutputCast(c.path("unit").asDouble(), c.path("quantumUnits").asLong(), rounding,
                    c.path("low").asLong(), values, c.path("valueGrid").asDouble());
        }
        return new PhaseInput(window, p.path("inputStep").asDouble(), p.path("inputCopies").asInt() * window,
                p.path("pipelineSteps").asInt(), p.path("silentSteps").asInt(), weights, limit, range, cast);
    }

    /**
     * The output a CNN's plan gives for the readout's exact P (its output cast), or the readout
     * itself for a dense model. A level the cast does not hold (an input outside the range the
     * image refuses) is an error, not a guess.
     */
    public double[] output(double[] readout) {
        if (cast == null) {
            return readout;
        }
        double[] out = new double[readout.length];
        for (int j = 0; j < out.length; j++) {
            long p = Math.round(readout[j] / cast.unit());
            long level = cast.level(p);
            if (!cast.covers(level)) {
                throw new LoihiException(HostErrors.PHASE_READOUT_RANGE, "readout past the levels the output cast holds:"
                        + " output=" + j + ", level=" + level + ", low=" + cast.low() + ", high="
                        + (cast.low() + cast.values().length - 1));
            }
            out[j] = cast.value(level);
        }
        return out;
    }

    /** RUN_STEPS unless every presentation length lets the pipeline finish and the gates stay silent. */
    public void checkSteps(long steps) {
        if (steps < pipelineSteps || steps > silentSteps) {
            throw new LoihiException(HostErrors.RUN_STEPS, "a phase-coded image needs presentations from its pipeline's"
                    + " length to its gates' silence: steps=" + steps + ", min=" + pipelineSteps + ", max=" + silentSteps);
        }
    }

    /**
     * INPUT_PHASE_RANGE when some first-layer unit's positive terms could sum past its limit. The
     * count is the encoder's round(|x| / inputStep), plus one for the accumulators' float rounding.
     */
    public void checkRange(double[] x, Path source, int row) {
        for (int k = 0; range != null && k < x.length; k++) {
            if (!(x[k] >= range[0] && x[k] <= range[1])) {
                throw new LoihiException(HostErrors.INPUT_PHASE_RANGE, "input outside the range the phase-coded"
                        + " CNN is exact on: file=" + source + ", row=" + row + ", feature=" + k + ", value=" + x[k]
                        + ", low=" + range[0] + ", high=" + range[1] + " (compile with --input-range covering it,"
                        + " or --coding rate)");
            }
        }
        int j = PhaseArithmetic.firstOverLimit(weights, limit, inputStep, maxCount, x);
        if (j >= 0) {
            throw new LoihiException(HostErrors.INPUT_PHASE_RANGE, "input drives the first layer past the phase"
                    + " code's hold: file=" + source + ", row=" + row + ", unit=" + j + ", sum="
                    + PhaseArithmetic.positiveSum(weights, j, inputStep, maxCount, x) + ", limit=" + limit[j]);
        }
    }
}
