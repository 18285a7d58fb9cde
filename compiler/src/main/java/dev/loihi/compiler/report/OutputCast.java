package dev.loihi.compiler.report;

import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;

/**
 * The quantizers a phase-coded CNN's output layer applies after its pre-activation
 * (docs/CONVERSION.md, "Phase code for quantized CNNs"), which the host applies to the readout:
 * the readout is P x {@code unit} exactly; P rounds to level n on a grid of {@code quantumUnits}
 * P steps as {@code rounding} does, and the output is {@code values[n - low] x valueGrid}, over
 * every level the inputs in the image's range can reach.
 */
public record OutputCast(double unit, long quantumUnits, GridRounding rounding, long low, long[] values,
                         double valueGrid) {

    /** The level of P, exactly in integers. */
    public long level(long p) {
        long q = Math.floorDiv(p, quantumUnits);
        long twice = 2 * (p - q * quantumUnits);
        return switch (rounding) {
            case FLOOR -> q;
            case HALF_UP -> twice >= quantumUnits ? q + 1 : q;
            case HALF_EVEN -> twice > quantumUnits || (twice == quantumUnits && (q & 1) == 1) ? q + 1 : q;
        };
    }

    /** Whether {@code level} is one the table holds. */
    public boolean covers(long level) {
        return level >= low && level < low + values.length;
    }

    /** The output for a level the table covers. */
    public double value(long level) {
        return values[(int) (level - low)] * valueGrid;
    }
}
