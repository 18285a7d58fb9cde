package dev.loihi.compiler.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * How a Keras model's normalization was chosen and where its values are lost: the image
 * metadata's {@code conversion} section and the compile summary's calibration lines
 * (docs/CONVERSION.md, "Calibration by search").
 *
 * @param method {@code search} (candidates scored on the emulator), {@code surrogate} (candidates
 *     scored on a float model of the rate code, for networks too big to compile per candidate),
 *     {@code surrogate+emulator} (the surrogate's close candidates then run on the emulator),
 *     {@code forced} (a percentile given by the user), or {@code weights} (no calibration
 *     inputs: nothing to measure)
 * @param percentile the percentile of calibration activations taken as every layer's scale
 * @param maxRate spikes per step at a layer's scale
 * @param replicas staggered copies of each hidden neuron
 * @param inputCopies staggered axons per sign of each input feature
 * @param scoreSteps presentation lengths each candidate was run for
 * @param scoreInputs calibration inputs of the search (the first round runs a share of them)
 * @param candidates every candidate tried, in the order tried
 * @param input what the input encoder clips of the calibration inputs (null without them)
 * @param lossSteps the presentation length that {@code lost} is counted for
 * @param layers per hidden layer, what the rate code clips and loses of the calibration activations
 * @param phase how the model was phase coded, or null (left out of the JSON) for the rate code
 * @param leakFloor the leak floors the search tried and the one taken, or null; in the JSON only
 *     when a floor was taken, so that an image whose floor stayed at none has the bytes it had
 *     before the floors were tried
 * @param biasTrim the biases trimmed on the emulator and whether the trimmed network was taken,
 *     or null; in the JSON only when taken, for the same reason
 * @param headroom the integrators sized from calibration peaks and whether that image was taken,
 *     or null; in the JSON only when taken, for the same reason
 * @param moreCopies more copies tried last and whether they were taken, or null; in the JSON only
 *     when taken, for the same reason
 */
public record ConversionReport(String method, double percentile, double maxRate, int replicas, int inputCopies,
                               List<Integer> scoreSteps, int scoreInputs, List<CandidateScore> candidates,
                               InputLoss input, int lossSteps, List<LayerLoss> layers,
                               @JsonInclude(JsonInclude.Include.NON_NULL) PhaseSummary phase,
                               @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = LeakFloors.NoneTaken.class)
                               LeakFloors leakFloor,
                               @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = TakenStage.NotTaken.class)
                               BiasTrimReport biasTrim,
                               @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = TakenStage.NotTaken.class)
                               HeadroomReport headroom,
                               @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = TakenStage.NotTaken.class)
                               MoreCopiesReport moreCopies) {
    public static final String SEARCH = "search";
    public static final String SURROGATE = "surrogate";
    /**
     * Scored on the surrogate, then the percentiles it could not tell apart run on the emulator
     * with fewer replicas too; the candidates after the surrogate's are the emulator's.
     */
    public static final String SURROGATE_CHECKED = "surrogate+emulator";
    public static final String FORCED = "forced";
    public static final String WEIGHTS = "weights";
    /** No normalization: a phase-coded model's integers are the quantized model's own. */
    public static final String PHASE = "phase";

    public ConversionReport {
        scoreSteps = List.copyOf(scoreSteps);
        candidates = List.copyOf(candidates);
        layers = List.copyOf(layers);
    }

    public ConversionReport(String method, double percentile, double maxRate, int replicas, int inputCopies,
                            List<Integer> scoreSteps, int scoreInputs, List<CandidateScore> candidates, InputLoss input,
                            int lossSteps, List<LayerLoss> layers, PhaseSummary phase) {
        this(method, percentile, maxRate, replicas, inputCopies, scoreSteps, scoreInputs, candidates, input, lossSteps,
                layers, phase, null, null, null, null);
    }

    /** This report with the leak floors tried. */
    public ConversionReport withLeakFloor(LeakFloors floors) {
        return new ConversionReport(method, percentile, maxRate, replicas, inputCopies, scoreSteps, scoreInputs,
                candidates, input, lossSteps, layers, phase, floors, biasTrim, headroom, moreCopies);
    }

    /** This report with the bias trim tried. */
    public ConversionReport withBiasTrim(BiasTrimReport trim) {
        return new ConversionReport(method, percentile, maxRate, replicas, inputCopies, scoreSteps, scoreInputs,
                candidates, input, lossSteps, layers, phase, leakFloor, trim, headroom, moreCopies);
    }

    /** This report with the integrators' sizing from calibration peaks tried. */
    public ConversionReport withHeadroom(HeadroomReport sized) {
        return new ConversionReport(method, percentile, maxRate, replicas, inputCopies, scoreSteps, scoreInputs,
                candidates, input, lossSteps, layers, phase, leakFloor, biasTrim, sized, moreCopies);
    }

    /** This report with more copies tried: their number in {@link #replicas} when they were taken. */
    public ConversionReport withMoreCopies(MoreCopiesReport more) {
        return new ConversionReport(method, percentile, maxRate, more.taken() ? more.replicas() : replicas, inputCopies,
                scoreSteps, scoreInputs, candidates, input, lossSteps, layers, phase, leakFloor, biasTrim, headroom, more);
    }

    /** The leak floor taken, 1/4096 per step; 0 when none was (or none tried). */
    public int leakFloorTaken() {
        return leakFloor == null ? 0 : leakFloor.taken();
    }

    /** A rate-coded conversion. */
    public ConversionReport(String method, double percentile, double maxRate, int replicas, int inputCopies,
                            List<Integer> scoreSteps, int scoreInputs, List<CandidateScore> candidates, InputLoss input,
                            int lossSteps, List<LayerLoss> layers) {
        this(method, percentile, maxRate, replicas, inputCopies, scoreSteps, scoreInputs, candidates, input, lossSteps,
                layers, null);
    }

    /** A phase-coded conversion. */
    public static ConversionReport phase(PhaseSummary phase) {
        return new ConversionReport(PHASE, 0, 1.0, phase.replicas(), phase.inputCopies(), List.of(), 0, List.of(),
                null, 0, List.of(), phase);
    }

    /**
     * One candidate's score on the calibration inputs.
     *
     * @param percentile the candidate's percentile
     * @param replicas its staggered copies per hidden unit
     * @param inputCopies its axons per input sign
     * @param agreement argmax agreement with the float model, one per score length
     * @param readoutError RMS over the inputs of the readout's difference from the float
     *     pre-activations at the shortest score length, each input's relative to its own float
     *     pre-activations (with a floor of a hundredth of their mean square)
     * @param score what the search ranks by: the agreement expected over every calibration input
     *     from the readout's margin errors, averaged over the lengths, less a share of the readout
     *     error (the surrogate's candidates: their worst agreement, by which it ranks them)
     * @param inputs calibration inputs the candidate ran on: all of the search's, or the first
     *     round's share for a candidate left behind there
     * @param margin the score above the default's (in the copy stage: above the chosen
     *     percentile's) that the candidate needed to replace it, two standard errors of their
     *     paired scores (the surrogate's: of their paired agreements); 0 for the default and for
     *     a candidate left in the first round;
     *     negative for a candidate taken unless it scored that far below ({@code HeadroomStage})
     */
    public record CandidateScore(double percentile, int replicas, int inputCopies, List<Double> agreement,
                                 double readoutError, double score, int inputs, double margin, boolean chosen) {
        public CandidateScore {
            agreement = List.copyOf(agreement);
        }

        public CandidateScore asChosen() {
            return new CandidateScore(percentile, replicas, inputCopies, agreement, readoutError, score, inputs, margin,
                    true);
        }
    }

    /**
     * @param scale the input magnitude encoded as one spike per step
     * @param clipped fraction of non-zero input values above the scale
     * @param worstFeature the feature with the largest clipped fraction, -1 when none is clipped
     * @param worstFeatureClipped that feature's fraction
     */
    public record InputLoss(double scale, double clipped, int worstFeature, double worstFeatureClipped) {}

    /**
     * @param scale the activation represented by the max rate
     * @param clipped fraction of positive activations above scale / maxRate (more than one spike per step)
     * @param lost fraction of positive activations below one spike per presentation of lossSteps
     */
    public record LayerLoss(String name, double scale, double clipped, double lost) {}

    /** The summary lines: the choice, each candidate's score, and each layer's losses. */
    public String toSummary() {
        if (phase != null) {
            return phase.toSummary();
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "calibration: %s, percentile %s, max rate %.3g, replicas %d, input copies %d",
                method, trim(percentile), maxRate, replicas, inputCopies));
        if (leakFloor != null) {
            out.append(leakFloor.taken() == 0 ? ", leak floor none" : ", leak floor " + leakFloor.taken() + "/4096");
        }
        if (biasTrim != null) {
            out.append(biasTrim.taken() ? ", biases trimmed" : ", biases as converted");
        }
        if (headroom != null) {
            out.append(headroom.taken() ? ", u sized from calibration peaks" : ", u sized for the worst case");
        }
        if (moreCopies != null && moreCopies.taken()) {
            out.append(", ").append(moreCopies.replicas()).append(" copies taken last");
        }
        if (!candidates.isEmpty()) {
            out.append(String.format(Locale.ROOT, " (%d inputs, steps %s)", scoreInputs, scoreSteps));
        }
        out.append('\n');
        for (CandidateScore c : candidates) {
            appendCandidate(out, c, "");
        }
        if (leakFloor != null) {
            for (int i = 0; i < leakFloor.tried().size(); i++) {
                appendCandidate(out, leakFloor.tried().get(i), ", leak floor " + leakFloor.floors().get(i) + "/4096");
            }
        }
        if (biasTrim != null) {
            appendCandidate(out, biasTrim.before(), ", biases as converted");
            appendCandidate(out, biasTrim.after(), ", biases trimmed");
            for (BiasTrimReport.LayerTrim l : biasTrim.layers()) {
                out.append(String.format(Locale.ROOT, "    trim %s: %d of %d units, RMS shift %.5f spikes/step (%d inputs)%n",
                        l.name(), l.trimmed(), l.units(), l.rms(), biasTrim.inputs()));
            }
        }
        if (headroom != null && headroom.note() != null) {
            out.append("    u sized for the worst case: ").append(headroom.note()).append('\n');
        } else if (headroom != null) {
            appendCandidate(out, headroom.before(), ", u sized for the worst case");
            appendCandidate(out, headroom.after(), ", u sized from calibration peaks");
            for (HeadroomReport.LayerHeadroom l : headroom.layers()) {
                out.append(String.format(Locale.ROOT, "    u %s: peak %.4f of range (%d inputs), scale x%.2f at leak %d/4096,"
                        + " peak %.4f on %d other inputs%n", l.name(), l.peak(), headroom.inputs(), l.growth(),
                        l.decayU() + 1, l.unseen(), headroom.judged()));
            }
        }
        if (moreCopies != null && moreCopies.note() != null) {
            out.append("    ").append(moreCopies.replicas()).append(" copies not tried: ").append(moreCopies.note())
                    .append('\n');
        } else if (moreCopies != null) {
            appendCandidate(out, moreCopies.before(), ", as chosen");
            appendCandidate(out, moreCopies.after(), ", more copies last, kept unless the choice agrees better beyond noise at some"
                    + " length");
        }
        if (input != null) {
            out.append(String.format(Locale.ROOT, "  input: scale %.4g, clipped %.2f%%%s%n", input.scale(),
                    100 * input.clipped(), input.worstFeature() < 0 ? "" : String.format(Locale.ROOT,
                            " (worst feature %d: %.2f%%)", input.worstFeature(), 100 * input.worstFeatureClipped())));
        }
        for (LayerLoss l : layers) {
            out.append(String.format(Locale.ROOT, "  %s: scale %.4g, clipped %.2f%%, lost %.2f%% at %d steps%n",
                    l.name(), l.scale(), 100 * l.clipped(), 100 * l.lost(), lossSteps));
        }
        return out.toString();
    }

    private static void appendCandidate(StringBuilder out, CandidateScore c, String floor) {
        StringBuilder a = new StringBuilder();
        for (double v : c.agreement()) {
            a.append(String.format(Locale.ROOT, " %.4f", v));
        }
        out.append(String.format(Locale.ROOT, "  %s percentile %-6s copies %d x %d%s  agreement%s,"
                + " readout error %.4f, score %.4f%s (%d inputs)%n", c.chosen() ? "*" : " ", trim(c.percentile()), c.replicas(),
                c.inputCopies(), floor, a, c.readoutError(), c.score(),
                c.margin() > 0 ? String.format(Locale.ROOT, ", needed +%.4f", c.margin())
                        : c.margin() < 0 ? String.format(Locale.ROOT, ", kept unless %.4f below", -c.margin()) : "", c.inputs()));
    }

    private static String trim(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
