package dev.loihi.compiler.report;

/**
 * One layer (block) of a compiled network.
 *
 * @param type           neuron type (SPIKING_RELU, LIF, READOUT)
 * @param cores          cores the layer was cut into
 * @param chips          distinct chips those cores sit on
 * @param scale          chip units per float unit (value = chip value / scale)
 * @param bindingLimit   the chip limit that fixed the scale
 * @param vth            threshold in chip units (vth_mant x 64)
 * @param weightRmsError relative RMS rounding error of the incoming weights
 * @param bitsLost       mantissa bits the worst incoming connection leaves unused, plus the
 *                       low bit a mixed-sign format drops
 * @param zeroedWeights  nonzero float weights that rounded to zero
 * @param biasMin        smallest bias, chip units
 * @param biasMax        largest bias, chip units
 * @param maxRate        upper bound of spikes per step
 * @param synapseBits    synapse memory the layer's cores use
 * @param denseSynapseBits what they would use with every shared-weight (conv) connection
 *                       expanded to discrete axons; equal to synapseBits when nothing is shared
 */
public record LayerRow(String name, String type, int neurons, int cores, int chips, double scale, String bindingLimit,
                       long vth, double weightRmsError, double bitsLost, long zeroedWeights, long biasMin,
                       long biasMax, double maxRate, long synapseBits, long denseSynapseBits) {}
