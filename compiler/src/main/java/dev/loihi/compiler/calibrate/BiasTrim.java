package dev.loihi.compiler.calibrate;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiled;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.BiasTrimReport;
import dev.loihi.compiler.report.BiasTrimReport.LayerTrim;
import dev.loihi.image.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stage of the calibration search, before the sizing ({@link HeadroomStage}): each hidden layer's biases trimmed on the emulator.
 * What the chip's neurons fire on calibration inputs is compared with the rates the float model
 * sets them (clipped where the chip clips, {@link AnnToSnn#unitRates}), and each unit's mean
 * difference is taken off its bias, one layer at a time from the input up, so that a layer is
 * trimmed on what the layers below deliver once trimmed. The trimmed network replaces the
 * choice only when it beats it beyond noise ({@link Tally#beats}), as the search's candidates
 * must, on calibration inputs it was not measured on, both run on every one of them: a better
 * score alone took trims (against unclipped rates) that cost KERAS_3layer and the conv jet
 * tagger 0.6-0.7 points at 200 steps on test inputs, and the search's own first round (31
 * inputs on a big model) turned down one worth 3.6.
 *
 * <p>Why: a neuron's rate on the chip is the float rate plus an error with a mean over inputs
 * that the float model cannot see: the leak's pull, the rounding's drift on the rates the chip
 * really has, false spikes under inhibition. On a convolution it is alike at every position of
 * a filter and adds up over a pool or a flatten (c2d_rgb_gap: .937 -> .974 at 200 steps). Where
 * the error is a gain instead (the conv jet tagger's rates are 5-7% low at every layer against
 * the unclipped float rates), a bias cannot undo it and its mean moved onto the bias costs
 * agreement, which the judgment catches (docs/CONVERSION.md, "Biases trimmed on the emulator
 * (session 15)").
 *
 * <p>The mean is taken over the inputs where the unit is in its linear range on the chip or in
 * the float model (a rate strictly between 0 and 1): a bias of d moves the rate by d there,
 * elsewhere it changes nothing until the rate crosses an edge.
 */
final class BiasTrim {
    /** Presentation length of a measurement, and the steps left out before counting (the pipeline's start). */
    static final int STEPS = 200;
    static final int FROM = 50;
    /** Inputs measured: a unit's mean error over them is known to about a thousandth of a spike a step. */
    static final int INPUTS = 200;
    /**
     * Synapse-steps the stage may take. 6e11 runs every input on c2d_rgb_gap (two hidden layers;
     * its compile went from 40 to 75 s); bigger images measure and judge fewer (the MNIST
     * convnet, five hidden layers: 56 s without the stage, 140 s with every input, 103 s with
     * the 61 and 121 inputs the budget gives it). {@link HeadroomStage} takes as much.
     */
    static final double SYNAPSE_STEP_BUDGET = 6e11;
    /** Below this share of its inputs the stage does not run: too few judged inputs to take a trim. */
    static final double MIN_SHARE = 0.25;
    /** Fewest inputs the trimmed network is judged on apart from those it was measured on. */
    static final int MIN_JUDGED = 100;
    /** Inputs in a unit's linear range needed to trim it: fewer say too little about its mean. */
    static final int MIN_LINEAR = 8;

    private BiasTrim() {}

    /**
     * The network to compile, compiled, and what the stage did.
     *
     * @param shifts by layer, each unit's bias shift in spikes per step, the same for each of its
     *               copies (empty when the trim was not taken): {@link #shifted} moves another
     *               conversion of the same model, at other copies, the same way
     */
    record Outcome(Network network, Compiled compiled, BiasTrimReport report, Map<String, double[]> shifts) {}

    /**
     * @param network   {@code chosen} converted
     * @param built     {@code network} compiled with {@code compile}
     * @param reference the float readout of every calibration input
     */
    static Outcome run(AnnModel model, ConvertOptions chosen, Network network, Compiled built, CompileOptions compile,
                       Predictor predictor, double[][] reference) {
        double[][] x = chosen.calibrationInputs();
        int[] order = Subset.stratified(CalibrationSearch.classes(reference), x.length);
        CompileResult choice = built.stamped(null);
        long synapses = choice.report().synapses();
        int hidden = (int) network.ensembles().stream().filter(e -> e.type() == NeuronType.SUBTRACTIVE_RELU).count();
        int full = fitted(order.length);
        double share = share(synapses, STEPS, hidden, full, 2, judged(order, full).length);
        if (share < MIN_SHARE) {
            return new Outcome(network, built, null, Map.of());
        }
        int fitted = Math.max(1, (int) Math.round(full * share));
        double[][] trimX = Subset.rows(x, order, 0, fitted);
        List<LayerTrim> layers = new ArrayList<>();
        Map<String, double[]> shifts = new LinkedHashMap<>();
        Network trimmed = trim(network, choice.image(), AnnToSnn.unitRates(model, chosen, trimX), trimX, compile,
                predictor, layers, shifts);
        if (layers.isEmpty()) {
            return new Outcome(network, built, null, Map.of());
        }
        int[] judged = judged(order, fitted, share);
        Tally before = Tally.of(predictor, choice.image(), x, reference, judged);
        Compiled trimmedBuilt = Compiler.build(trimmed, compile);
        Tally after = Tally.of(predictor, trimmedBuilt.stamped(null).image(), x, reference, judged);
        boolean taken = after.beats(before);
        BiasTrimReport report = new BiasTrimReport(taken, fitted, judged.length, layers,
                CalibrationSearch.candidate(chosen.percentileInUse(), chosen, before, before, false),
                CalibrationSearch.candidate(chosen.percentileInUse(), chosen, after, before, taken));
        return taken ? new Outcome(trimmed, trimmedBuilt, report, shifts) : new Outcome(network, built, report, Map.of());
    }

    /**
     * The share of its inputs a stage that measures and then judges can afford within
     * {@link #SYNAPSE_STEP_BUDGET}: presentations of {@code steps}, {@code perMeasured} per input
     * measured ({@code measured} of them) and {@code perJudged} per input judged. The trim takes a
     * presentation per hidden layer per input measured and two per input judged;
     * {@link HeadroomStage} one and three.
     */
    static double share(long synapses, int steps, double perMeasured, int measured, double perJudged, int judged) {
        double cost = (double) Math.max(1, synapses) * steps * (perMeasured * measured + perJudged * judged);
        return Math.min(1, SYNAPSE_STEP_BUDGET / cost);
    }

    /** Calibration inputs the trim is measured on: the first {@link #INPUTS}, or half of fewer. */
    static int fitted(int inputs) {
        return inputs >= 2 * MIN_JUDGED ? Math.min(INPUTS, inputs - MIN_JUDGED) : inputs;
    }

    /**
     * The inputs the trimmed network is judged on, in the class-balanced {@code order}: those after
     * the {@code fitted} it was measured on, at most {@link CalibrationSearch#MAX_INPUTS}; all of
     * them when too few are left (the judgment then favours the trim a little).
     */
    static int[] judged(int[] order, int fitted) {
        int from = order.length - fitted >= MIN_JUDGED ? fitted : 0;
        return Arrays.copyOfRange(order, from, Math.min(order.length, from + CalibrationSearch.MAX_INPUTS));
    }

    /** {@link #judged(int[], int)} cut to the budget's {@code share}, at least {@link #MIN_JUDGED} where there are as many. */
    static int[] judged(int[] order, int fitted, double share) {
        int[] all = judged(order, fitted);
        return Arrays.copyOf(all, Math.max(Math.min(all.length, MIN_JUDGED), (int) Math.round(all.length * share)));
    }

    /**
     * {@code network} with the biases of its SUBTRACTIVE_RELU ensembles trimmed on {@code x}, a
     * layer at a time; {@code layers} gets what each trimmed layer moved, {@code shifts} each unit's shift.
     *
     * @param image     {@code network} compiled with {@code compile}
     * @param unitRates by ensemble name, the float model's rates on {@code x}, {@code [row][unit]}
     *                  (each of a unit's copies, adjacent neurons, meant to fire at it)
     */
    static Network trim(Network network, Image image, Map<String, double[][]> unitRates, double[][] x,
                        CompileOptions compile, Predictor predictor, List<LayerTrim> layers,
                        Map<String, double[]> shifts) {
        for (Ensemble e : network.ensembles()) {
            double[][] target = unitRates.get(e.name());
            if (e.type() != NeuronType.SUBTRACTIVE_RELU || target == null) {
                continue;
            }
            if (image == null) {
                image = Compiler.compile(network, compile).image();
            }
            Map<String, double[][]> rates = predictor.layerRates(image, x, STEPS, FROM);
            image = null;
            if (rates == null || rates.get(e.name()) == null) {
                return network;
            }
            double[] shift = shift(e, target, rates.get(e.name()));
            int trimmed = 0;
            double squares = 0;
            for (double d : shift) {
                trimmed += d != 0 ? 1 : 0;
                squares += d * d;
            }
            layers.add(new LayerTrim(e.name(), trimmed, shift.length, trimmed > 0 ? Math.sqrt(squares / trimmed) : 0));
            shifts.put(e.name(), shift);
            network = shifted(network, Map.of(e.name(), shift));
        }
        return network;
    }

    /**
     * Per unit of {@code e}, the bias shift that takes its mean rate error in its linear range off,
     * in spikes per step; 0 for a unit with fewer than {@link #MIN_LINEAR} inputs there.
     *
     * @param measured {@code [row][neuron]} the chip's rates, a unit's copies adjacent
     */
    static double[] shift(Ensemble e, double[][] target, double[][] measured) {
        int units = target[0].length;
        int copies = e.n() / units;
        double[] shift = new double[units];
        for (int u = 0; u < units; u++) {
            double error = 0;
            int linear = 0;
            for (int i = 0; i < target.length; i++) {
                double chip = 0;
                for (int c = 0; c < copies; c++) {
                    chip += measured[i][u * copies + c];
                }
                chip /= copies;
                if (linear(chip) || linear(target[i][u])) {
                    error += chip - target[i][u];
                    linear++;
                }
            }
            shift[u] = linear >= MIN_LINEAR ? -error / linear : 0;
        }
        return shift;
    }

    private static boolean linear(double rate) {
        return rate > 0 && rate < 1;
    }

    /**
     * {@code n} with each unit's bias in the layers {@code shifts} names moved by its shift, on
     * every copy of the unit (a unit's copies are adjacent neurons). A bias is in spikes per step,
     * so a trim measured at one copy count moves a conversion at another by the same rate; whether
     * it still corrects that conversion's errors is for its judgment ({@link MoreCopies}) to show.
     */
    static Network shifted(Network n, Map<String, double[]> shifts) {
        for (Ensemble e : n.ensembles()) {
            double[] shift = shifts.get(e.name());
            if (shift == null) {
                continue;
            }
            double[] bias = e.bias().clone();
            int copies = e.n() / shift.length;
            for (int u = 0; u < shift.length; u++) {
                for (int c = 0; c < copies; c++) {
                    bias[u * copies + c] += shift[u];
                }
            }
            n = withBias(n, e.name(), bias);
        }
        return n;
    }

    /** {@code n} with ensemble {@code name}'s biases replaced. */
    static Network withBias(Network n, String name, double[] bias) {
        List<Ensemble> ensembles = new ArrayList<>();
        for (Ensemble e : n.ensembles()) {
            ensembles.add(e.name().equals(name)
                    ? new Ensemble(e.name(), e.n(), e.type(), e.tauRc(), e.tauRef(), bias, e.start()) : e);
        }
        return new Network(n.name(), n.inputs(), ensembles, n.connections(), n.outputs(), n.encoding(), n.given(),
                n.rateSquares(), n.meanRates());
    }
}
