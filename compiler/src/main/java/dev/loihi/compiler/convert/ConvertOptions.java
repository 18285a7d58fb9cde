package dev.loihi.compiler.convert;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.net.NeuronType;

/**
 * Settings of the ANN-to-SNN conversion, validated once when built.
 *
 * @param hiddenType SUBTRACTIVE_RELU (integrate-and-fire with reset by subtraction, the rate
 *     counterpart of ReLU that loses nothing at a spike), SPIKING_RELU (reset to zero) or LIF
 * @param tauRc LIF membrane time constant in seconds (LIF only)
 * @param tauRef LIF refractory period in seconds (LIF only)
 * @param maxRatePerStep the spike rate, in spikes per step, a hidden neuron fires at when its
 *     ReLU activation equals the layer's normalization scale; at most 1 (one spike per step);
 *     NaN for the hidden type's default ({@link #maxRate()})
 * @param percentile the percentile of calibration activations taken as a layer's scale,
 *     in (0, 100]; NaN for the hidden type's default ({@link #percentileInUse()})
 * @param inputScale the input value that maps to one spike per step; NaN to derive it (from
 *     the calibration inputs, or {@link #DEFAULT_INPUT_SCALE} without them)
 * @param calibrationInputs sample inputs for data-based normalization, or null for the
 *     weight-based bound
 * @param replicas copies of every hidden neuron, their sums started at staggered values so
 *     that together they resolve its rate replicas times more finely (SUBTRACTIVE_RELU only);
 *     0 for the hidden type's default ({@link #replicaCount()})
 * @param inputCopies axons per sign of every input feature, driven by accumulators started at
 *     staggered values (the host's side of the same trick); 0 for the default
 *     ({@link #DEFAULT_INPUT_COPIES})
 */
public record ConvertOptions(NeuronType hiddenType, double tauRc, double tauRef, double maxRatePerStep,
                             double percentile, double inputScale, double[][] calibrationInputs, int replicas,
                             int inputCopies) {
    /** Reset by subtraction loses nothing at high rates, so it uses the chip's whole range. */
    public static final double DEFAULT_MAX_RATE = 1.0;
    /** Half the chip's ceiling for neurons that reset to zero; docs/CONVERSION.md explains the choice. */
    public static final double DEFAULT_MAX_RATE_RESET_TO_ZERO = 0.5;
    /** Convolution and pool layers, and the input of a model that starts with one (see {@link #percentileFor}). */
    public static final double WINDOW_PERCENTILE = 100.0;
    /** Reset by subtraction: the resolution gained below the 99th percentile outweighs the clipping above. */
    public static final double DEFAULT_PERCENTILE = 99.0;
    public static final double DEFAULT_PERCENTILE_RESET_TO_ZERO = 99.9;
    /** Covers |x| up to 4 at full rate: 99.99% of standardized (zero-mean, unit-variance) inputs. */
    public static final double DEFAULT_INPUT_SCALE = 4.0;
    public static final double DEFAULT_TAU_RC = 0.02;
    public static final double DEFAULT_TAU_REF = 0.002;
    /** Three staggered copies per hidden neuron; docs/CONVERSION.md gives the measurements. */
    public static final int DEFAULT_REPLICAS = 3;
    /** More copies cost neurons and synapses (replicas squared between hidden layers) for little. */
    public static final int MAX_REPLICAS = 8;
    /** Four staggered axons per input sign; docs/CONVERSION.md gives the measurements. */
    public static final int DEFAULT_INPUT_COPIES = 4;

    public ConvertOptions {
        if (hiddenType != NeuronType.SUBTRACTIVE_RELU && hiddenType != NeuronType.SPIKING_RELU
                && hiddenType != NeuronType.LIF) {
            throw bad("hiddenType", String.valueOf(hiddenType), "SUBTRACTIVE_RELU, SPIKING_RELU or LIF");
        }
        if (!Double.isNaN(maxRatePerStep) && !(maxRatePerStep > 0.0 && maxRatePerStep <= 1.0)) {
            throw bad("maxRatePerStep", Double.toString(maxRatePerStep), "in (0, 1], or NaN for the type's default");
        }
        if (!Double.isNaN(percentile) && !(percentile > 0.0 && percentile <= 100.0)) {
            throw bad("percentile", Double.toString(percentile), "in (0, 100], or NaN for the type's default");
        }
        if (!Double.isNaN(inputScale) && !(inputScale > 0.0 && Double.isFinite(inputScale))) {
            throw bad("inputScale", Double.toString(inputScale), "positive and finite, or NaN for automatic");
        }
        if (replicas < 0 || replicas > MAX_REPLICAS) {
            throw bad("replicas", Integer.toString(replicas), "in 0.." + MAX_REPLICAS + " (0 for the type's default)");
        }
        if (inputCopies < 0 || inputCopies > MAX_REPLICAS) {
            throw bad("inputCopies", Integer.toString(inputCopies), "in 0.." + MAX_REPLICAS + " (0 for the default)");
        }
        if (replicas > 1 && hiddenType != NeuronType.SUBTRACTIVE_RELU) {
            throw bad("replicas", Integer.toString(replicas), "1 unless hiddenType is SUBTRACTIVE_RELU");
        }
        if (hiddenType == NeuronType.LIF) {
            if (!(tauRc > 0.0 && Double.isFinite(tauRc))) {
                throw bad("tauRc", Double.toString(tauRc), "positive seconds for LIF");
            }
            if (!(tauRef >= 0.0 && Double.isFinite(tauRef))) {
                throw bad("tauRef", Double.toString(tauRef), "zero or positive seconds for LIF");
            }
        }
    }

    /**
     * Integrate-and-fire neurons with reset by subtraction and the type's defaults (max rate 1,
     * 99th percentile, three copies per neuron, four axons per input sign), automatic input scale, no calibration.
     */
    public static ConvertOptions defaults() {
        return new ConvertOptions(NeuronType.SUBTRACTIVE_RELU, DEFAULT_TAU_RC, DEFAULT_TAU_REF, Double.NaN,
                Double.NaN, Double.NaN, null, 0, 0);
    }

    /** Options without replicas set (the hidden type's default). */
    public ConvertOptions(NeuronType hiddenType, double tauRc, double tauRef, double maxRatePerStep, double percentile,
                          double inputScale, double[][] calibrationInputs) {
        this(hiddenType, tauRc, tauRef, maxRatePerStep, percentile, inputScale, calibrationInputs, 0, 0);
    }

    /** The percentile in use: the one set, or the hidden type's default. */
    public double percentileInUse() {
        if (!Double.isNaN(percentile)) {
            return percentile;
        }
        return hiddenType == NeuronType.SUBTRACTIVE_RELU ? DEFAULT_PERCENTILE : DEFAULT_PERCENTILE_RESET_TO_ZERO;
    }

    /**
     * The percentile for a layer's scale: the one set, or 100 (the calibration maximum) for a
     * convolution or pool, or the hidden type's default. A window layer has many units drawn
     * from one filter's distribution, so a percentile clips several of them on every input: on
     * KERAS_conv2d_model (128 conv units) a float simulation agreed on 288 of 300 inputs at the
     * 99th percentile, 297 at the 99.9th and 300 at the maximum.
     */
    public double percentileFor(boolean window) {
        if (!Double.isNaN(percentile) || !window) {
            return percentileInUse();
        }
        return WINDOW_PERCENTILE;
    }

    /** The copies per hidden neuron in use: the number set, or the hidden type's default. */
    public int replicaCount() {
        if (replicas > 0) {
            return replicas;
        }
        return hiddenType == NeuronType.SUBTRACTIVE_RELU ? DEFAULT_REPLICAS : 1;
    }

    public ConvertOptions withReplicas(int copies) {
        return new ConvertOptions(hiddenType, tauRc, tauRef, maxRatePerStep, percentile, inputScale, calibrationInputs,
                copies, inputCopies);
    }

    /** The axons per input sign in use: the number set, or the default. */
    public int inputCopyCount() {
        return inputCopies > 0 ? inputCopies : DEFAULT_INPUT_COPIES;
    }

    /** Whether the converter chooses the replicas: none set, and a hidden type that takes copies. */
    public boolean replicasFree() {
        return replicas == 0 && hiddenType == NeuronType.SUBTRACTIVE_RELU;
    }

    /** Whether the converter chooses the input copies: none set. */
    public boolean inputCopiesFree() {
        return inputCopies == 0;
    }

    public ConvertOptions withInputCopies(int copies) {
        return new ConvertOptions(hiddenType, tauRc, tauRef, maxRatePerStep, percentile, inputScale, calibrationInputs,
                replicas, copies);
    }

    /** The max rate in use: the one set, or the hidden type's default. */
    public double maxRate() {
        if (!Double.isNaN(maxRatePerStep)) {
            return maxRatePerStep;
        }
        return hiddenType == NeuronType.SUBTRACTIVE_RELU ? DEFAULT_MAX_RATE : DEFAULT_MAX_RATE_RESET_TO_ZERO;
    }

    /** Hidden neurons of {@code type} (SUBTRACTIVE_RELU, SPIKING_RELU or LIF with the current time constants). */
    public ConvertOptions withHiddenType(NeuronType type) {
        return new ConvertOptions(type, tauRc, tauRef, maxRatePerStep, percentile, inputScale, calibrationInputs,
                replicas, inputCopies);
    }

    public ConvertOptions withCalibration(double[][] inputs) {
        return new ConvertOptions(hiddenType, tauRc, tauRef, maxRatePerStep, percentile, inputScale, inputs, replicas,
                inputCopies);
    }

    public ConvertOptions withLif(double tauRcSeconds, double tauRefSeconds) {
        return new ConvertOptions(NeuronType.LIF, tauRcSeconds, tauRefSeconds, maxRatePerStep, percentile, inputScale,
                calibrationInputs, replicas, inputCopies);
    }

    public ConvertOptions withMaxRate(double spikesPerStep) {
        return new ConvertOptions(hiddenType, tauRc, tauRef, spikesPerStep, percentile, inputScale, calibrationInputs,
                replicas, inputCopies);
    }

    public ConvertOptions withPercentile(double p) {
        return new ConvertOptions(hiddenType, tauRc, tauRef, maxRatePerStep, p, inputScale, calibrationInputs, replicas,
                inputCopies);
    }

    public ConvertOptions withInputScale(double scale) {
        return new ConvertOptions(hiddenType, tauRc, tauRef, maxRatePerStep, percentile, scale, calibrationInputs,
                replicas, inputCopies);
    }

    public boolean dataBased() {
        return calibrationInputs != null;
    }

    private static LoihiException bad(String key, String value, String need) {
        return new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, "bad conversion option: key=" + key + ", value=" + value
                + ", need=" + need);
    }
}
