package dev.loihi.compiler.net;

import java.util.Arrays;

/**
 * A float weight matrix [rows][columns] that holds only its nonzero entries, row by row
 * (compressed rows): row i's entries are columns {@code column(k)} with values {@code value(k)}
 * for k in {@code start(i) .. start(i + 1) - 1}, columns ascending. What a layer's or a
 * connection's weights are from import to discretization: a convolution expanded to every
 * output position, and a max pool's tree levels, reach a few columns per row, so they cost the
 * memory of their entries, not of rows x columns doubles (a 32-filter 3 x 3 convolution on
 * 28 x 28 is 784 x 21,632, its max pool's first level 21,632 x 21,632).
 *
 * <p>Immutable; {@link #dense()} expands it for the passes that read a small layer whole (the
 * phase code, the Keras writer, tests), once, and keeps the expansion.
 */
public final class Weights {
    private final int columns;
    private final int[] start;
    private final int[] column;
    private final double[] value;
    private double[][] dense;

    private Weights(int columns, int[] start, int[] column, double[] value) {
        this.columns = columns;
        this.start = start;
        this.column = column;
        this.value = value;
    }

    /** The nonzero entries of {@code matrix} (each row {@code columns} wide). */
    public static Weights of(double[][] matrix) {
        int columns = matrix.length == 0 ? 0 : matrix[0].length;
        Builder b = new Builder(matrix.length, columns);
        for (double[] row : matrix) {
            if (row.length != columns) {
                throw new IllegalArgumentException("weights: row lengths differ, first=" + columns + ", other="
                        + row.length);
            }
            for (int j = 0; j < columns; j++) {
                b.add(j, row[j]);
            }
            b.endRow();
        }
        return b.build();
    }

    public int rows() {
        return start.length - 1;
    }

    public int columns() {
        return columns;
    }

    /** Entries of every row. */
    public int entries() {
        return column.length;
    }

    /** Row i's first entry; its last is {@code start(i + 1) - 1}. */
    public int start(int row) {
        return start[row];
    }

    public int column(int entry) {
        return column[entry];
    }

    public double value(int entry) {
        return value[entry];
    }

    /** The weight at (row, col), 0 where there is no entry. */
    public double get(int row, int col) {
        int k = Arrays.binarySearch(column, start[row], start[row + 1], col);
        return k >= 0 ? value[k] : 0.0;
    }

    /** Whether rows a and b hold the same entries. */
    public boolean sameRow(int a, int b) {
        int n = start[a + 1] - start[a];
        if (n != start[b + 1] - start[b]) {
            return false;
        }
        return Arrays.equals(column, start[a], start[a + 1], column, start[b], start[b + 1])
                && Arrays.equals(value, start[a], start[a + 1], value, start[b], start[b + 1]);
    }

    /** Every value times {@code factor}. */
    public Weights scaled(double factor) {
        Builder b = new Builder(rows(), columns, entries());
        for (int i = 0; i < rows(); i++) {
            for (int k = start[i]; k < start[i + 1]; k++) {
                b.add(column[k], value[k] * factor);
            }
            b.endRow();
        }
        return b.build();
    }

    /**
     * Row i becomes rows i x copies .. i x copies + copies - 1 (copies of pre neuron i are
     * adjacent), each taken {@code signs.length} times in turn with its values times
     * {@code signs[s]}: {1} replicates, {1, -1} makes a row and its negation (a signed input's
     * on- and off-axon) before the copies are taken.
     */
    public Weights rowCopies(double[] signs, int copies) {
        Builder b = new Builder(rows() * signs.length * copies, columns, entries() * signs.length * copies);
        for (int i = 0; i < rows(); i++) {
            for (double sign : signs) {
                for (int c = 0; c < copies; c++) {
                    for (int k = start[i]; k < start[i + 1]; k++) {
                        b.add(column[k], sign == 1.0 ? value[k] : value[k] * sign);
                    }
                    b.endRow();
                }
            }
        }
        return b.build();
    }

    /** Column j becomes columns j x copies .. j x copies + copies - 1. */
    public Weights columnCopies(int copies) {
        Builder b = new Builder(rows(), columns * copies, entries() * copies);
        for (int i = 0; i < rows(); i++) {
            for (int k = start[i]; k < start[i + 1]; k++) {
                for (int c = 0; c < copies; c++) {
                    b.add(column[k] * copies + c, value[k]);
                }
            }
            b.endRow();
        }
        return b.build();
    }

    /**
     * The same entries with other values, one per entry ({@code values[k]} for entry k; a 0 is
     * kept as an entry): a quantity that lives on this matrix's synapses, such as what rounding
     * them left over.
     */
    public Weights withValues(double[] values) {
        if (values.length != value.length) {
            throw new IllegalArgumentException("weights: " + values.length + " values for " + value.length + " entries");
        }
        return new Weights(columns, start, column, values.clone());
    }

    /** Row i's values times {@code factor[i]}. */
    public Weights rowsScaled(double[] factor) {
        double[] v = value.clone();
        for (int i = 0; i < rows(); i++) {
            for (int k = start[i]; k < start[i + 1]; k++) {
                v[k] *= factor[i];
            }
        }
        return nonzero(v);
    }

    /** Column j's values times {@code factor[j]}. */
    public Weights columnsScaled(double[] factor) {
        double[] v = value.clone();
        for (int k = 0; k < v.length; k++) {
            v[k] *= factor[column[k]];
        }
        return nonzero(v);
    }

    /**
     * These entries with values {@code v}, less those a factor of 0 made 0 (a batch norm's pruned
     * channel): the matrix holds only nonzero entries, which copy runs and equality rely on.
     */
    private Weights nonzero(double[] v) {
        boolean zero = false;
        for (double x : v) {
            zero |= x == 0.0;
        }
        if (!zero) {
            return new Weights(columns, start, column, v);
        }
        Builder b = new Builder(rows(), columns, v.length);
        for (int i = 0; i < rows(); i++) {
            for (int k = start[i]; k < start[i + 1]; k++) {
                b.add(column[k], v[k]);
            }
            b.endRow();
        }
        return b.build();
    }

    /** {@code x . W} added onto {@code into} (one sample), row by row in order. */
    public void addProduct(double[] x, double[] into) {
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            if (xi == 0.0) {
                continue;
            }
            for (int k = start[i]; k < start[i + 1]; k++) {
                into[column[k]] += xi * value[k];
            }
        }
    }

    /** This matrix times {@code next}: {@code (this x next)[i][j] = sum over m of this[i][m] x next[m][j]}, m ascending. */
    public Weights times(Weights next) {
        Builder b = new Builder(rows(), next.columns);
        double[] row = new double[next.columns];
        boolean[] touched = new boolean[next.columns];
        int[] order = new int[next.columns];
        for (int i = 0; i < rows(); i++) {
            int n = 0;
            for (int k = start[i]; k < start[i + 1]; k++) {
                int m = column[k];
                double w = value[k];
                for (int q = next.start[m]; q < next.start[m + 1]; q++) {
                    int j = next.column[q];
                    if (!touched[j]) {
                        touched[j] = true;
                        order[n++] = j;
                    }
                    row[j] += w * next.value[q];
                }
            }
            Arrays.sort(order, 0, n);
            for (int t = 0; t < n; t++) {
                int j = order[t];
                b.add(j, row[j]);
                row[j] = 0.0;
                touched[j] = false;
            }
            b.endRow();
        }
        return b.build();
    }

    /** The matrix with every entry, zeros included; computed once. */
    public synchronized double[][] dense() {
        if (dense == null) {
            double[][] m = new double[rows()][columns];
            for (int i = 0; i < rows(); i++) {
                for (int k = start[i]; k < start[i + 1]; k++) {
                    m[i][column[k]] = value[k];
                }
            }
            dense = m;
        }
        // Callers only read it; a copy per call would cost as much as the expansion.
        return dense;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights w && w.columns == columns && Arrays.equals(w.start, start)
                && Arrays.equals(w.column, column) && Arrays.equals(w.value, value);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(start) * 31 + Arrays.hashCode(column)) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Weights[rows=" + rows() + ", columns=" + columns + ", entries=" + entries() + "]";
    }

    /** Builds a matrix row by row; columns must ascend within a row, zeros are left out. */
    public static final class Builder {
        private final int columns;
        private final int[] start;
        private int row;
        private int[] column;
        private double[] value;
        private int size;

        public Builder(int rows, int columns) {
            this(rows, columns, 16);
        }

        /** A builder with room for {@code entries} entries (it grows past them if needed). */
        public Builder(int rows, int columns, int entries) {
            this.columns = columns;
            this.start = new int[rows + 1];
            this.column = new int[Math.max(1, entries)];
            this.value = new double[Math.max(1, entries)];
        }

        public Builder add(int col, double v) {
            if (v == 0.0) {
                return this;
            }
            if (col < 0 || col >= columns || (size > start[row] && col <= column[size - 1])) {
                throw new IllegalArgumentException("weights: column out of order or range, row=" + row + ", column="
                        + col + ", columns=" + columns);
            }
            if (size == column.length) {
                column = Arrays.copyOf(column, Math.max(16, size * 2));
                value = Arrays.copyOf(value, Math.max(16, size * 2));
            }
            column[size] = col;
            value[size++] = v;
            return this;
        }

        public Builder endRow() {
            start[++row] = size;
            return this;
        }

        public Weights build() {
            if (row != start.length - 1) {
                throw new IllegalArgumentException("weights: " + row + " rows built of " + (start.length - 1));
            }
            return new Weights(columns, start, size == column.length ? column : Arrays.copyOf(column, size),
                    size == value.length ? value : Arrays.copyOf(value, size));
        }
    }
}
