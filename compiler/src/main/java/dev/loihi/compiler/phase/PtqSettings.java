package dev.loihi.compiler.phase;

/**
 * How {@link FloatTwin} quantizes a float model after training (docs/CONVERSION.md, "Float models
 * through the phase code (session 10)").
 *
 * @param activationBits bits of each hidden ReLU's unsigned grid (levels 0..2^bits - 1)
 * @param weightBits bits of each layer's signed weight integers, sign included (|w| <= 2^(bits-1) - 1; 9 bits reach a synapse mantissa of 255)
 * @param percentile the percentile of a layer's positive calibration activations its grid must
 *     reach (100: the largest); values above clip
 * @param biasCorrection whether each bias first takes the mean change that rounding the weights
 *     makes to the layer's pre-activation on the calibration inputs
 */
public record PtqSettings(int activationBits, int weightBits, double percentile, boolean biasCorrection) {
    /** Without bias correction. */
    public PtqSettings(int activationBits, int weightBits, double percentile) {
        this(activationBits, weightBits, percentile, false);
    }

    public PtqSettings {
        if (activationBits < 1 || activationBits > 16 || weightBits < 2 || weightBits > 9 || !(percentile > 0)
                || percentile > 100) {
            throw new IllegalArgumentException("PTQ settings out of range: activationBits=" + activationBits
                    + ", weightBits=" + weightBits + ", percentile=" + percentile);
        }
    }

    /** Short form for reports: {@code a6 w8 p99.99}, {@code bc} appended with bias correction. */
    public String describe() {
        return "a" + activationBits + " w" + weightBits + " p" + percentile + (biasCorrection ? " bc" : "");
    }
}
