package dev.loihi.compiler.discretize;

import dev.loihi.image.SignMode;

/**
 * The weights of one incoming connection that share one synapse format: those of one sign
 * (EXCITATORY: w > 0, INHIBITORY: w < 0), or all of them (MIXED). A mixed-sign connection
 * split in two parts keeps all 8 mantissa bits and gets an exponent per sign; it costs a
 * second input axon per pre neuron (see {@link SignSplit}).
 *
 * @param connection index of the connection among the block's inputs
 * @param maxAbs     the largest |weight| of the part, in float units
 */
record WeightPart(int connection, SignMode mode, double maxAbs) {
    boolean holds(double w) {
        return switch (mode) {
            case EXCITATORY -> w > 0;
            case INHIBITORY -> w < 0;
            case MIXED -> w != 0;
        };
    }
}
