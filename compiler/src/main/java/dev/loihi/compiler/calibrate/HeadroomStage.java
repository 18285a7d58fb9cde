package dev.loihi.compiler.calibrate;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiled;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.Headroom;
import dev.loihi.compiler.discretize.LayerPrecision;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.ConversionReport.CandidateScore;
import dev.loihi.compiler.report.HeadroomReport;
import dev.loihi.compiler.report.HeadroomReport.LayerHeadroom;
import dev.loihi.image.Image;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stage of the calibration search, after the bias trim: integrators sized from what the calibration inputs
 * drive them to. A SUBTRACTIVE_RELU block's scale is bound by u's 24 bits holding the worst case,
 * every excitatory pre neuron spiking every step of the presentation and no inhibitory one; on
 * the conv models that bound leaves the weights 2-4 bits short, and a larger scale is worth 1.5
 * points of agreement on the conv jet tagger (docs/CONVERSION.md, "The rate code's ceiling
 * against the chip (session 18)"). Real inputs stay far below the worst case. So the choice is
 * run on the emulator, for the presentations the image is compiled for, with u probed, and each
 * block whose scale u's bound fixed takes the largest power of two, up to
 * {@link Headroom#MAX_FACTOR}, that keeps its measured peak, times the scale it then really
 * takes, within 1 / {@link #MARGIN} of u's range, at the leak it has.
 *
 * <p>That image replaces the choice unless the choice beats it beyond noise ({@link Tally#beats})
 * on calibration inputs the peaks were not measured on, and only if on those inputs its sized
 * layers' u stayed within 1 / {@link #CHECK} of the range. The search's other stages take a
 * candidate only when it beats the default beyond noise, since their candidates are guesses;
 * finer weights at the same leak are better by construction, and were on every model measured
 * (docs/CONVERSION.md, "u sized from calibration peaks"), where on the judged inputs the gain
 * was mostly within noise (the conv jet tagger: -0.5 points on 400 calibration inputs, +1.2 on
 * its 1,000 test inputs).
 *
 * <p>What it gives up: the guarantee that no input wraps u. An input that drives a sized block's
 * u about {@link #MARGIN} times past the largest the measured inputs did wraps it; the emulator
 * and the board report that as an overflow warning on the run. An image compiled for
 * presentations of any length ({@code maxSteps} 0) has no length to measure and is left as it is.
 */
final class HeadroomStage {
    /** The measured peaks times the scale's growth are kept within 1 / MARGIN of u's range. */
    static final int MARGIN = 4;
    /** On the inputs not measured, a sized layer's u must stay within 1 / CHECK of its range. */
    static final int CHECK = 2;
    /**
     * Builds with factors halved where the scale grew past what the margin allows: each layer's
     * scale depends on its own factor only, so a factor is halved at most log2(MAX_FACTOR) times
     * before it is dropped, and the build after that needs no change.
     */
    private static final int FIT_ROUNDS = Integer.numberOfTrailingZeros(Headroom.MAX_FACTOR) + 1;

    private HeadroomStage() {}

    /** The network compiled with the options to go on with, and what the stage did (null: not run). */
    record Outcome(CompileOptions compile, Compiled compiled, HeadroomReport report) {}

    /**
     * @param network   {@code chosen} converted (biases trimmed when they were)
     * @param built     {@code network} compiled with {@code compile}
     * @param reference the float readout of every calibration input
     */
    static Outcome run(ConvertOptions chosen, Network network, Compiled built, CompileOptions compile,
                       Predictor predictor, double[][] reference) {
        Outcome unchanged = new Outcome(compile, built, null);
        int steps = compile.maxSteps();
        if (compile.worstCase() || !compile.headroom().isEmpty()) {
            return unchanged;
        }
        if (steps == 0) {
            return skipped(compile, built, 0, "presentations of any length (maxSteps 0): no length to measure u for");
        }
        double[][] x = chosen.calibrationInputs();
        int[] order = Subset.stratified(CalibrationSearch.classes(reference), x.length);
        CompileResult choice = built.stamped(null);
        long synapses = choice.report().synapses();
        int full = BiasTrim.fitted(order.length);
        double share = BiasTrim.share(synapses, steps, 1, full, 3, BiasTrim.judged(order, full).length);
        if (share < BiasTrim.MIN_SHARE) {
            return skipped(compile, built, 0, String.format(Locale.ROOT, "too big to measure within the stage's budget"
                    + " (%,d synapses, %.0e synapse-steps)", synapses, BiasTrim.SYNAPSE_STEP_BUDGET));
        }
        int measured = Math.max(1, (int) Math.round(full * share));
        Map<String, Double> peaks = predictor.currentPeaks(choice.image(), Subset.rows(x, order, 0, measured), steps);
        if (peaks == null) {
            return unchanged;
        }
        Map<String, Double> scales = scales(built);
        Map<String, Headroom> room = new LinkedHashMap<>();
        Map<String, String> binding = new HashMap<>();
        for (LayerPrecision p : built.discrete().precision()) {
            binding.put(p.layer(), p.bindingLimit());
        }
        StringBuilder high = new StringBuilder();
        for (DiscreteBlock block : built.discrete().blocks()) {
            Double peak = peaks.get(block.name());
            if (block.type() == NeuronType.SUBTRACTIVE_RELU && peak != null
                    && binding.getOrDefault(block.name(), "").startsWith(Headroom.CURRENT_U)) {
                if (factor(peak) > 1) {
                    room.put(block.name(), new Headroom(block.decayU(), factor(peak)));
                } else {
                    high.append(String.format(Locale.ROOT, "%s %s %.4f", high.length() == 0 ? "" : ",", block.name(), peak));
                }
            }
        }
        if (room.isEmpty()) {
            return skipped(compile, built, measured, high.length() == 0 ? "no layer's scale is set by u's bound"
                    : "no layer bound by u peaks within 1/" + 2 * MARGIN + " of its range:" + high);
        }
        Compiled candidate = null;
        Map<String, Double> grown = Map.of();
        for (int round = 0; round < FIT_ROUNDS && !room.isEmpty(); round++) {
            try {
                candidate = Compiler.build(network, compile.withHeadroom(room));
            } catch (LoihiException doesNotFit) {
                // more synapses survive rounding at a larger scale: the chip may not hold them
                return skipped(compile, built, measured, "the sized image does not compile: " + doesNotFit.getMessage());
            }
            grown = growth(scales, scales(candidate));
            if (!refit(room, peaks, grown)) {
                break;
            }
            candidate = null;
        }
        if (candidate == null || room.isEmpty()) {
            return skipped(compile, built, measured, "no layer's scale grows within the margin");
        }
        // every layer left in room grew its scale (refit dropped the others): a threshold changed, so the bytes did
        Image sizedImage = candidate.stamped(null).image();
        int[] judged = BiasTrim.judged(order, measured, share);
        Tally before = Tally.of(predictor, choice.image(), x, reference, judged);
        Tally after = Tally.of(predictor, sizedImage, x, reference, judged);
        Map<String, Double> unseen = predictor.currentPeaks(sizedImage, Subset.rows(x, judged, 0, judged.length), steps);
        boolean inRange = room.keySet().stream().allMatch(name -> unseen.get(name) * CHECK <= 1);
        boolean taken = inRange && !before.beats(after);
        List<LayerHeadroom> layers = new ArrayList<>();
        for (DiscreteBlock block : built.discrete().blocks()) {
            Headroom h = room.get(block.name());
            if (h != null) {
                layers.add(new LayerHeadroom(block.name(), peaks.get(block.name()), h.factor(), grown.get(block.name()),
                        unseen.get(block.name()), h.decayU()));
            }
        }
        HeadroomReport report = new HeadroomReport(taken, MARGIN, measured, judged.length, layers,
                CalibrationSearch.candidate(chosen.percentileInUse(), chosen, before, before, false),
                held(CalibrationSearch.candidate(chosen.percentileInUse(), chosen, after, before, taken)), null);
        return taken ? new Outcome(compile.withHeadroom(room), candidate, report) : new Outcome(compile, built, report);
    }

    private static Outcome skipped(CompileOptions compile, Compiled built, int measured, String why) {
        return new Outcome(compile, built, HeadroomReport.skipped(MARGIN, measured, why));
    }

    /** Each block's scale, by name. */
    private static Map<String, Double> scales(Compiled compiled) {
        Map<String, Double> out = new HashMap<>();
        for (DiscreteBlock b : compiled.discrete().blocks()) {
            out.put(b.name(), b.scale());
        }
        return out;
    }

    private static Map<String, Double> growth(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> out = new HashMap<>();
        before.forEach((name, scale) -> out.put(name, after.get(name) / scale));
        return out;
    }

    /**
     * Halves the factor of every block in {@code room} whose measured peak, times how far its
     * scale really grew, passes 1 / {@link #MARGIN} (the scale search may take up to twice the
     * factor: it fills the weights' mantissas down to half the largest scale), and drops blocks
     * whose scale did not grow (weights kept exactly take no factor); whether any changed.
     */
    static boolean refit(Map<String, Headroom> room, Map<String, Double> peaks, Map<String, Double> grown) {
        boolean changed = false;
        for (String name : List.copyOf(room.keySet())) {
            Headroom h = room.get(name);
            double growth = grown.get(name);
            if (growth <= 1) {
                room.remove(name);
                changed = true;
            } else if (peaks.get(name) * growth * MARGIN > 1) {
                if (h.factor() > 2) {
                    room.put(name, new Headroom(h.decayU(), h.factor() / 2));
                } else {
                    room.remove(name);
                }
                changed = true;
            }
        }
        return changed;
    }

    /** {@code after} with the margin it had to stay within below the choice: the stage's rule turned round. */
    private static CandidateScore held(CandidateScore after) {
        return new CandidateScore(after.percentile(), after.replicas(), after.inputCopies(), after.agreement(),
                after.readoutError(), after.score(), after.inputs(), -after.margin(), after.chosen());
    }

    /** The largest power of two up to {@link Headroom#MAX_FACTOR} that keeps {@code peak} x it within 1 / {@link #MARGIN}. */
    static int factor(double peak) {
        int factor = 1;
        while (factor < Headroom.MAX_FACTOR && peak * 2 * factor * MARGIN <= 1) {
            factor *= 2;
        }
        return factor;
    }
}
