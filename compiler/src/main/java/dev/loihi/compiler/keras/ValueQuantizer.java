package dev.loihi.compiler.keras;

/**
 * A quantizer applied to a layer's values one by one at inference (a QKeras activation
 * quantizer, an HGQ {@code FixedPointQuantizer}): part of the float reference, which is the
 * quantized model as its framework evaluates it.
 */
public interface ValueQuantizer {
    /** {@code x} quantized at position {@code index} of the layer's values (per-element bit widths). */
    double apply(double x, int index);

    /** The largest value it can output (over every index); infinite when unbounded. */
    double maxOutput();

    /**
     * The mean of {@code apply(x, index) - x} over inputs spread evenly inside its range: minus
     * half a quantum for a quantizer that truncates (rounds toward minus infinity), 0 for one that
     * rounds to the nearest value. A rate code carries the value unrounded; the conversion adds
     * this to the neuron's drive so that it carries the quantized value on average.
     */
    default double roundingBias(int index) {
        return 0.0;
    }

    /**
     * For a ReLU that rounds to a fixed grid, {@code k x quantum} with k in 0..maxLevel (QKeras
     * {@code quantized_relu}, half to even; an HGQ {@code FixedPointQuantizer} with SAT and one
     * width for all, applied after a ReLU): that grid, which the phase code reproduces exactly
     * ({@code phase.PhasePlan}); null for every other quantizer.
     */
    default ReluGrid reluGrid() {
        return null;
    }

    /**
     * For a quantizer that rounds every element onto one grid {@code k x quantum} (an HGQ
     * {@code FixedPointQuantizer} with one width for all, WRAP or SAT): that grid and its rounding,
     * whatever it does past its range (the value itself says that: {@link #apply}); null otherwise.
     * The phase code for quantized CNNs ({@code phase.CnnPhasePlan}) reads a layer's levels on it.
     */
    default FixedGrid fixedGrid() {
        return null;
    }

    /** QKeras {@code quantized_relu(bits, integer)}, as the importer reads it from a model. */
    static ValueQuantizer quantizedRelu(int bits, int integer) {
        return new QuantizedRelu(bits, integer, Double.NaN);
    }

    /**
     * An HGQ {@code FixedPointQuantizer} with one width for all elements, as the importer reads
     * it: {@code keepNegative} sign bit, {@code bits} in all, {@code integers} before the point.
     */
    static ValueQuantizer fixedPoint(boolean keepNegative, int bits, int integers, GridRounding rounding, boolean wrap) {
        FixedPointQuantizer.Rounding r = switch (rounding) {
            case FLOOR -> FixedPointQuantizer.Rounding.TRN;
            case HALF_UP -> FixedPointQuantizer.Rounding.RND;
            case HALF_EVEN -> FixedPointQuantizer.Rounding.RND_CONV;
        };
        return new FixedPointQuantizer(new int[] {keepNegative ? 1 : 0}, new int[] {bits}, new int[] {integers}, r,
                wrap ? FixedPointQuantizer.Overflow.WRAP : FixedPointQuantizer.Overflow.SAT);
    }

    /** How a grid quantizer rounds a value between two grid points. */
    enum GridRounding {
        /** Round half to even (QKeras's {@code tf.round}, HGQ RND_CONV). */
        HALF_EVEN,
        /** floor(x + 1/2) (HGQ RND). */
        HALF_UP,
        /** floor(x) (HGQ TRN). */
        FLOOR
    }

    /** The values of a fixed-grid ReLU quantizer: {@code k x quantum}, k in 0..maxLevel, rounded as {@code rounding}. */
    record ReluGrid(double quantum, int maxLevel, GridRounding rounding) {
        public ReluGrid(double quantum, int maxLevel) {
            this(quantum, maxLevel, GridRounding.HALF_EVEN);
        }
    }

    /** The grid of {@link #fixedGrid}: values {@code k x quantum}, k an integer, rounded as {@code rounding}. */
    record FixedGrid(double quantum, GridRounding rounding) {}

    /** The quantizer as its framework writes it, e.g. {@code quantized_relu(6,0)}. */
    String describe();
}
