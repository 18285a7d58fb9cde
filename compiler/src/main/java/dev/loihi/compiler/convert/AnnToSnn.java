package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.net.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conversion pass: a trained ReLU network becomes a rate-coded spiking network
 * (docs/CONVERSION.md gives the reasoning and the formulas).
 *
 * <ul>
 *   <li>Input {@value #INPUT}: feature k drives axon 2k with max(x_k, 0) / lambda_0 spikes per
 *       step and axon 2k+1 with max(-x_k, 0) / lambda_0, so signed inputs reach the chip; the
 *       first layer gets rows W for the on-axons and -W for the off-axons.
 *   <li>Hidden layer l (ReLU): neurons of threshold 1 that fire at r = maxRate * a / lambda_l
 *       when their float activation is a: weights W * (lambda_{l-1} / lambda_l) * (maxRate /
 *       m_{l-1}), bias b * maxRate / lambda_l, where m_{l-1} is the rate at which the layer
 *       below represents lambda_{l-1} (maxRate for a hidden layer, 1 for the input).
 *   <li>Quantizers that truncate: each unit's bias b gains its quantizers' mean rounding error
 *       ({@link RoundingBias}), so the unrounded rate carries the quantized value on average.
 *   <li>Copies: each hidden unit becomes {@code replicas} adjacent neurons with the same inputs
 *       and bias whose sums start at (c + 1/2) / replicas; each copy fires at the unit's rate,
 *       so the next layer gets the unit's weight row once per copy, divided by replicas.
 *   <li>Last layer: a READOUT ensemble whose per-step value averages to the float pre-activation
 *       z: weights W * lambda_{L-1} / m_{L-1}, bias b. The host sums it over the presentation,
 *       divides by the number of steps and applies the output activation recorded in
 *       {@link InputEncoding#outputActivation()}.
 * </ul>
 */
public final class AnnToSnn {
    public static final String INPUT = "input";
    /** Signed inputs: the on- and off-axons of feature k take rows W_k and -W_k. */
    private static final double[] ON_OFF = {1.0, -1.0};
    private static final double[] SAME = {1.0};

    private AnnToSnn() {}

    public static Network convert(AnnModel model, ConvertOptions options) {
        AnnModel merged = LinearMerge.merge(model);
        Map<String, double[]> roundingShifts = RoundingBias.shifts(model);
        options = CopyBudget.fit(merged, options);
        // One float pass over the calibration inputs gives the scales and the measured rates.
        List<double[][]> outputs = options.dataBased() ? RateNormalizer.calibrationOutputs(merged, options) : null;
        LayerScales scales = scales(merged, options, outputs);
        double[] lambda = scales.hidden();
        double maxRate = options.maxRate();
        int copies = options.replicaCount();

        Set<String> taken = new HashSet<>(Set.of(INPUT));
        List<Ensemble> ensembles = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        Map<String, Double> rateSquares = new HashMap<>();
        Map<String, double[]> meanRates = new HashMap<>();
        if (outputs != null) {
            meanRates.put(INPUT, MeasuredRates.inputMeans(options.calibrationInputs(), scales.input(),
                    options.inputCopyCount()));
        }
        // The measured rate of the layer feeding the next one (NaN: not measured).
        double preRateSquare = outputs != null ? MeasuredRates.input(options.calibrationInputs(), scales.input())
                : Double.NaN;
        String pre = INPUT;
        int readoutParts = 1;
        double preScale = scales.input();
        double preRate = 1.0;
        int inputCopies = options.inputCopyCount();
        int preCopies = inputCopies;
        List<DenseLayer> layers = merged.layers();
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            boolean readout = l == layers.size() - 1;
            String name = unique(layer.name(), taken);
            // Each copy of a pre neuron carries the whole rate, so copies share its weight row.
            // Signed inputs: the on- and off-axons of feature k take rows W_k and -W_k.
            Weights weights = layer.weights().rowCopies(pre.equals(INPUT) ? ON_OFF : SAME, preCopies);
            if (readout) {
                weights = weights.scaled(preScale / preRate / preCopies);
                int unit = CopyBudget.preAxons(l, copies, inputCopies);
                readoutParts = ReadoutParts.count(weights, unit);
                weights = ReadoutParts.split(weights, readoutParts, unit);
                ensembles.add(new Ensemble(name, layer.units() * readoutParts, NeuronType.READOUT, 0.0, 0.0,
                        ReadoutParts.bias(RoundingBias.of(layer, roundingShifts), readoutParts)));
            } else {
                weights = weights.scaled(preScale / lambda[l] * maxRate / preRate / preCopies).columnCopies(copies);
                double[] bias = replicate(scaled(RoundingBias.of(layer, roundingShifts), maxRate / lambda[l]), copies);
                boolean lif = options.hiddenType() == NeuronType.LIF;
                int n = layer.units() * copies;
                ensembles.add(new Ensemble(name, n, options.hiddenType(), lif ? options.tauRc() : 0.0,
                        lif ? options.tauRef() : 0.0, bias, starts(options.hiddenType(), layer.units(), copies)));
            }
            // Rates weigh rounding only into a window layer (MeasuredRates: on dense layers they cost agreement).
            if (layer.window() != null && !Double.isNaN(preRateSquare)) {
                rateSquares.put(pre, preRateSquare);
            }
            preRateSquare = outputs != null && !readout ? MeasuredRates.hidden(outputs.get(l), lambda[l], maxRate)
                    : Double.NaN;
            if (outputs != null && !readout) {
                meanRates.put(name, MeasuredRates.hiddenMeans(outputs.get(l), lambda[l], maxRate, copies));
            }
            // A window layer fed by an ensemble: each input position's channels (and their copies)
            // are adjacent pre neurons, the atoms of one population axon.
            int sharedAtoms = readsPopulation(layer, pre.equals(INPUT)) ? layer.window().inChannels() * preCopies : 0;
            connections.add(new Connection(pre, name, weights, 0.0, QuantizedScales.quantized(layer), sharedAtoms));
            pre = name;
            if (!readout) {
                preScale = lambda[l];
                preRate = maxRate;
                preCopies = copies;
            }
        }
        InputEncoding encoding = new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, model.inputSize(), scales.input(),
                merged.outputLayer().activation().kerasName(), inputCopies).withReadoutParts(readoutParts);
        return new Network(model.name(), List.of(new Input(INPUT, encoding.axons())), ensembles, connections,
                List.of(pre), encoding, Map.of(), rateSquares, meanRates);
    }

    /** The scales {@link #convert} takes for the merged model: from {@code outputs} when measured. */
    private static LayerScales scales(AnnModel merged, ConvertOptions options, List<double[][]> outputs) {
        LayerScales scales = outputs != null ? RateNormalizer.scales(merged, options, outputs)
                : RateNormalizer.scales(merged, options);
        return QuantizedScales.applies(merged) ? QuantizedScales.powersOfTwo(merged, scales) : scales;
    }

    /**
     * The rates {@link #convert}'s hidden ensembles can fire at on the rows {@code x}: by ensemble
     * name, {@code [row][unit]} spikes per step (each of a unit's copies alike), from the float
     * model with every value clipped where the chip clips it (an input at lambda_0, a hidden
     * activation at one spike a step), so that what the layers below lose to the scales is not
     * counted against a layer. What the chip's neurons must match on average ({@code BiasTrim}).
     */
    public static Map<String, double[][]> unitRates(AnnModel model, ConvertOptions options, double[][] x) {
        AnnModel merged = LinearMerge.merge(model);
        options = CopyBudget.fit(merged, options);
        LayerScales scales = scales(merged, options, options.dataBased()
                ? RateNormalizer.calibrationOutputs(merged, options) : null);
        double[][] below = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            below[i] = x[i].clone();
            for (int k = 0; k < below[i].length; k++) {
                below[i][k] = Math.max(-scales.input(), Math.min(scales.input(), below[i][k]));
            }
        }
        Set<String> taken = new HashSet<>(Set.of(INPUT));
        Map<String, double[][]> rates = new HashMap<>();
        for (int l = 0; l < merged.layers().size() - 1; l++) {
            double lambda = scales.hidden()[l];
            double top = lambda / options.maxRate();
            double[][] a = new double[x.length][];
            double[][] r = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                a[i] = FloatModel.forward(merged.layers().get(l), below[i]);
                r[i] = new double[a[i].length];
                for (int u = 0; u < a[i].length; u++) {
                    a[i][u] = Math.min(top, a[i][u]);
                    r[i][u] = MeasuredRates.hiddenRate(a[i][u], lambda, options.maxRate());
                }
            }
            rates.put(unique(merged.layers().get(l).name(), taken), r);
            below = a;
        }
        return rates;
    }

    /** {@code options} with the replicas and input copies {@link #convert} uses for {@code model} ({@link CopyBudget}). */
    public static ConvertOptions fitted(AnnModel model, ConvertOptions options) {
        return CopyBudget.fit(LinearMerge.merge(model), options);
    }

    /**
     * Whether {@code layer} reads its pre layer through population axons: a window layer fed by a
     * hidden layer, its input positions' channels and copies the atoms of one axon each (the host's
     * input spikes are discrete).
     */
    static boolean readsPopulation(DenseLayer layer, boolean readsInput) {
        return !readsInput && layer.window() != null && layer.window().inUnits() == layer.inputSize();
    }

    /** As {@link #fitted}, up to half a chip ({@link CopyBudget#fitLarge}): for a caller that checks them by compiling. */
    public static ConvertOptions fittedLarge(AnnModel model, ConvertOptions options) {
        return CopyBudget.fitLarge(LinearMerge.merge(model), options);
    }

    /** The normalization scales {@link #convert} uses for {@code model} with {@code options}. */
    public static LayerScales scales(AnnModel model, ConvertOptions options) {
        return RateNormalizer.scales(LinearMerge.merge(model), options);
    }

    /**
     * Copy c of each unit starts its sum at (c + 1/2) / copies: spread evenly over one
     * threshold, the copies' spike counts round the same rate at staggered points, and their sum
     * resolves it to 1 / copies of a spike. Null (1/2) for a single copy or another type.
     */
    static double[] starts(NeuronType type, int units, int copies) {
        if (type != NeuronType.SUBTRACTIVE_RELU || copies == 1) {
            return null;
        }
        double[] start = new double[units * copies];
        for (int j = 0; j < units; j++) {
            for (int c = 0; c < copies; c++) {
                start[j * copies + c] = (c + 0.5) / copies;
            }
        }
        return start;
    }

    private static double[] replicate(double[] v, int copies) {
        double[] out = new double[v.length * copies];
        for (int j = 0; j < out.length; j++) {
            out[j] = v[j / copies];
        }
        return out;
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * factor;
        }
        return out;
    }

    /** The layer name, suffixed when it collides with the input's or another ensemble's name. */
    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 1; !taken.add(candidate); i++) {
            candidate = name + "_" + i;
        }
        return candidate;
    }
}
