package dev.loihi.compiler.convert;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.net.NeuronType;

/**
 * Settings of the ANN-to-SNN conversion, validated once when built.
 *
 * @param hiddenType SPIKING_RELU (integrate-and-fire, the exact rate counterpart of ReLU) or LIF
 * @param tauRc LIF membrane time constant in seconds (ignored for SPIKING_RELU)
 * @param tauRef LIF refractory period in seconds (ignored for SPIKING_RELU)
 * @param maxRatePerStep the spike rate, in spikes per step, a hidden neuron fires at when its
 *     ReLU activation equals the layer's normalization scale; at most 1 (one spike per step)
 * @param percentile the percentile of calibration activations taken as a layer's scale,
 *     in (0, 100]
 * @param inputScale the input value that maps to one spike per step; NaN to derive it (from
 *     the calibration inputs, or {@link #DEFAULT_INPUT_SCALE} without them)
 * @param calibrationInputs sample inputs for data-based normalization, or null for the
 *     weight-based bound
 */
public record ConvertOptions(NeuronType hiddenType, double tauRc, double tauRef, double maxRatePerStep,
                             double percentile, double inputScale, double[][] calibrationInputs) {
    /** Half the chip's ceiling; docs/CONVERSION.md explains the choice. */
    public static final double DEFAULT_MAX_RATE = 0.5;
    public static final double DEFAULT_PERCENTILE = 99.9;
    /** Covers |x| up to 4 at full rate: 99.99% of standardized (zero-mean, unit-variance) inputs. */
    public static final double DEFAULT_INPUT_SCALE = 4.0;
    public static final double DEFAULT_TAU_RC = 0.02;
    public static final double DEFAULT_TAU_REF = 0.002;

    public ConvertOptions {
        if (hiddenType != NeuronType.SPIKING_RELU && hiddenType != NeuronType.LIF) {
            throw bad("hiddenType", String.valueOf(hiddenType), "SPIKING_RELU or LIF");
        }
        if (!(maxRatePerStep > 0.0 && maxRatePerStep <= 1.0)) {
            throw bad("maxRatePerStep", Double.toString(maxRatePerStep), "in (0, 1]");
        }
        if (!(percentile > 0.0 && percentile <= 100.0)) {
            throw bad("percentile", Double.toString(percentile), "in (0, 100]");
        }
        if (!Double.isNaN(inputScale) && !(inputScale > 0.0 && Double.isFinite(inputScale))) {
            throw bad("inputScale", Double.toString(inputScale), "positive and finite, or NaN for automatic");
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

    /** Integrate-and-fire neurons, max rate 0.5, 99.9th percentile, automatic input scale, no calibration. */
    public static ConvertOptions defaults() {
        return new ConvertOptions(NeuronType.SPIKING_RELU, DEFAULT_TAU_RC, DEFAULT_TAU_REF, DEFAULT_MAX_RATE,
                DEFAULT_PERCENTILE, Double.NaN, null);
    }

    public ConvertOptions withCalibration(double[][] inputs) {
        return new ConvertOptions(hiddenType, tauRc, tauRef, maxRatePerStep, percentile, inputScale, inputs);
    }

    public ConvertOptions withLif(double tauRcSeconds, double tauRefSeconds) {
        return new ConvertOptions(NeuronType.LIF, tauRcSeconds, tauRefSeconds, maxRatePerStep, percentile, inputScale,
                calibrationInputs);
    }

    public ConvertOptions withMaxRate(double spikesPerStep) {
        return new ConvertOptions(hiddenType, tauRc, tauRef, spikesPerStep, percentile, inputScale, calibrationInputs);
    }

    public ConvertOptions withPercentile(double p) {
        return new ConvertOptions(hiddenType, tauRc, tauRef, maxRatePerStep, p, inputScale, calibrationInputs);
    }

    public ConvertOptions withInputScale(double scale) {
        return new ConvertOptions(hiddenType, tauRc, tauRef, maxRatePerStep, percentile, scale, calibrationInputs);
    }

    public boolean dataBased() {
        return calibrationInputs != null;
    }

    private static LoihiException bad(String key, String value, String need) {
        return new LoihiException(ConvertErrors.BAD_OPTION, "bad conversion option: key=" + key + ", value=" + value
                + ", need=" + need);
    }
}
