package dev.loihi.compiler.keras;

/** A quantizer applied to a whole weight tensor (some scale per output channel, so not value by value). */
interface TensorQuantizer {
    /** The quantized copy of {@code values}, a tensor of {@code shape} in C order. */
    double[] quantize(double[] values, int[] shape);

    String describe();
}
