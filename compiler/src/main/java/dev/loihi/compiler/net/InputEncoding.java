package dev.loihi.compiler.net;

/**
 * How the host turns one input vector into spikes. ON_OFF_RATE: feature k drives axon 2k with
 * max(x_k, 0) / scale and axon 2k+1 with max(-x_k, 0) / scale as a deterministic rate (an
 * accumulator that spikes whenever it reaches 1), so signed inputs reach the chip.
 * NONE: spikes are given directly (native and raw networks).
 */
public record InputEncoding(Kind kind, int features, double scale, String outputActivation) {
    public enum Kind { ON_OFF_RATE, NONE }
}
