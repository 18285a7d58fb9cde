package dev.loihi.compiler.keras;

/**
 * QKeras {@code quantized_relu} at inference, without sigmoid or negative slope (which have no
 * rate-coded counterpart): {@code m_i * clip(round(x * m / m_i) / m, 0, 1 - 1/m)} with
 * m = 2^bits, m_i = 2^integer, round half to even; {@code relu_upper_bound} caps it further
 * when {@code is_quantized_clip} is off.
 */
final class QuantizedRelu implements ValueQuantizer {
    private final int bits;
    private final int integer;
    /** NaN when it does not apply. */
    private final double upperBound;

    QuantizedRelu(int bits, int integer, double upperBound) {
        this.bits = bits;
        this.integer = integer;
        this.upperBound = upperBound;
    }

    @Override
    public double apply(double x, int index) {
        double m = Math.scalb(1.0, bits);
        double mi = Math.scalb(1.0, integer);
        double xq = mi * Math.max(0, Math.min(1 - 1 / m, Math.rint(x * m / mi) / m));
        return Double.isNaN(upperBound) || xq <= upperBound ? xq : upperBound;
    }

    @Override
    public double maxOutput() {
        double max = Math.scalb(1.0, integer) * (1 - Math.scalb(1.0, -bits));
        return Double.isNaN(upperBound) ? max : Math.min(max, upperBound);
    }

    @Override
    public ReluGrid reluGrid() {
        // A relu_upper_bound below the grid's top would clip between grid points.
        if (!Double.isNaN(upperBound) && upperBound < Math.scalb(1.0, integer) * (1 - Math.scalb(1.0, -bits))) {
            return null;
        }
        return new ReluGrid(Math.scalb(1.0, integer - bits), (1 << bits) - 1);
    }

    /** Its grid as a fixed grid, half to even (what the phase code of a QKeras CNN reads levels on). */
    @Override
    public FixedGrid fixedGrid() {
        ReluGrid grid = reluGrid();
        return grid == null ? null : new FixedGrid(grid.quantum(), grid.rounding());
    }

    @Override
    public String describe() {
        return "quantized_relu(" + bits + "," + integer + ")";
    }
}
