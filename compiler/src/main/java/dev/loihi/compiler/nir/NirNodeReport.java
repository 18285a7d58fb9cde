package dev.loihi.compiler.nir;

/**
 * What discretizing one NIR neuron node's time constants cost: the share of v (and of the
 * synaptic current) kept per step by NIR's definition and by the chip's 12-bit decays.
 * Weight, bias and threshold rounding are in the compile report's layer rows.
 *
 * @param keepV     NIR's v retention per step; {@code chipKeepV} the chip's, (4096 - decay_v) / 4096
 * @param keepU     NIR's synaptic current retention per step, 0 without a synapse;
 *                  {@code chipKeepU} the chip's, (4095 - decay_u) / 4096
 */
public record NirNodeReport(String node, String type, int neurons, String mappedTo, double keepV, double chipKeepV,
                            double keepU, double chipKeepU) {
    /** The larger absolute retention error of the two, per step. */
    public double retentionError() {
        return Math.max(Math.abs(keepV - chipKeepV), Math.abs(keepU - chipKeepU));
    }
}
