package dev.loihi.compiler.nir;

import java.util.Arrays;

/**
 * One numeric parameter of a NIR node: its HDF5 shape (empty for a scalar) and its values in C
 * order, widened to double.
 */
public record NirArray(int[] shape, double[] values) {
    public static NirArray of(double... values) {
        return new NirArray(new int[] {values.length}, values);
    }

    public static NirArray matrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return new NirArray(new int[] {rows.length, cols}, flat);
    }

    public int size() {
        return values.length;
    }

    public int rank() {
        return shape.length;
    }

    /** Row i of a rank-2 array. */
    public double[] row(int i) {
        int cols = shape[1];
        return Arrays.copyOfRange(values, i * cols, (i + 1) * cols);
    }

    public long[] longs() {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }
}
