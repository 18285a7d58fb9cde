package dev.loihi.compiler.phase;

import dev.loihi.common.LoihiException;
import dev.loihi.common.MessageText;
import dev.loihi.compiler.CompilerErrors;

/**
 * The inputs a quantized CNN's phase plan is made exact for ({@code --input-range LOW,HIGH}):
 * the plan bounds every stage's levels from it, so a narrower range gives fewer compartments
 * (the digits' [0, 1] instead of [0, 4]) and, at the same number of input levels, a finer input
 * step. The host refuses inputs outside it (INPUT_PHASE_RANGE).
 */
public record InputRange(double low, double high) {
    public InputRange {
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            throw new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, "input range must be two finite numbers, low"
                    + " below high: key=input-range, low=" + low + ", high=" + high);
        }
    }

    /** {@code LOW,HIGH} as given on the command line. */
    public static InputRange parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 2) {
            throw new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, "input range must be LOW,HIGH: key=input-range,"
                    + " value=" + MessageText.printable(text));
        }
        try {
            return new InputRange(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new LoihiException(CompilerErrors.CONVERT_BAD_OPTION, "input range must be two numbers:"
                    + " key=input-range, value=" + MessageText.printable(text));
        }
    }

    /** The range of the calibration values, widened to hold 0 (the count of an input of 0); null without rows. */
    public static InputRange of(double[][] rows) {
        if (rows == null || rows.length == 0) {
            return null;
        }
        double low = 0;
        double high = 0;
        for (double[] row : rows) {
            for (double v : row) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        return high > low ? new InputRange(low, high) : null;
    }

    /** The largest |x| the input must carry. */
    public double magnitude() {
        return Math.max(Math.abs(low), Math.abs(high));
    }

    public boolean holds(double x) {
        return x >= low && x <= high;
    }
}
