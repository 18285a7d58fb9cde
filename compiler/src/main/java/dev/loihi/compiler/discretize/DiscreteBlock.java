package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.NeuronType;

/**
 * One ensemble in chip integers. All compartments share one compartment profile (decays,
 * refractory delay) and one threshold; bias is per compartment. {@code scale} is the chip
 * units per float unit: a float voltage x is the chip voltage x * scale, and for spiking
 * blocks {@code scale == vthMant * 64} exactly, so the float threshold 1 is exact.
 * The arrays are owned by this record; passes only read them.
 */
public record DiscreteBlock(String name, NeuronType type, int n, double scale, int vthMant, int decayU, int decayV,
                            int refractDelay, int vminExp, int vmaxExp, int[] biasMant, int[] biasExp) {

    /** The bias of compartment i in chip units. */
    public long bias(int i) {
        return (long) biasMant[i] << biasExp[i];
    }
}
