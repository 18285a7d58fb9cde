package dev.loihi.compiler.discretize;

/**
 * What discretizing one ensemble cost in accuracy, for the compile report.
 *
 * @param scale          chip units per float unit
 * @param bindingLimit   which limit fixed the scale (e.g. "q accumulator", "threshold mantissa")
 * @param weightRmsError RMS(float weight * scale - chip weight) / RMS(float weight * scale), over
 *                       all incoming weights (not the bias a SUBTRACTIVE_RELU block receives as
 *                       weights); 0 when there are none
 * @param bitsLost       worst incoming part (synapse format): log2(255 / largest mantissa used), plus 1 for
 *                       the low bit a mixed-sign format drops
 * @param zeroedWeights  nonzero float weights that rounded to a zero mantissa
 * @param biasMin        smallest bias in chip units (for SUBTRACTIVE_RELU the bias it receives
 *                       per step from the ALWAYS_ON source, not its chip bias, which holds the start)
 * @param biasMax        largest bias in chip units, likewise
 * @param maxRate        upper bound of spikes per step, from the largest input current that the
 *                       upstream bounds allow (0 for readouts, which never spike)
 */
public record LayerPrecision(String layer, double scale, String bindingLimit, double weightRmsError,
                             double bitsLost, long zeroedWeights, long biasMin, long biasMax, double maxRate) {}
