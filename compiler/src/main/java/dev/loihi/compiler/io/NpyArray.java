package dev.loihi.compiler.io;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.util.Arrays;

/**
 * A numeric array of 1 to {@value #MAX_RANK} dimensions read from a .npy file, in C
 * (row-major) order. Values are held as doubles whatever the file's dtype; integer dtypes are
 * exact because the reader refuses integers beyond 2^53. The first axis counts rows (samples);
 * the others, e.g. an image's height, width and channels, make up one row in C order, which is
 * how Keras flattens them.
 *
 * @param source the file the array came from, named in errors
 * @param dtype the file's dtype descriptor, e.g. {@code <f4}
 * @param shape one to {@value #MAX_RANK} dimensions
 * @param values the elements, row after row
 */
public record NpyArray(String source, String dtype, int[] shape, double[] values) {
    /** Samples of N x H x W x C images, and one more axis for sets of them. */
    public static final int MAX_RANK = 5;

    public NpyArray {
        shape = shape.clone();
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (shape.length < 1 || shape.length > MAX_RANK || count != values.length) {
            throw new IllegalArgumentException("npy array: file=" + source + ", shape="
                    + Arrays.toString(shape) + ", values=" + values.length);
        }
    }

    public int rank() {
        return shape.length;
    }

    public int rows() {
        return shape[0];
    }

    /** Values per row: the product of every axis after the first; 1 for a 1-D array, read as a column. */
    public int cols() {
        int cols = 1;
        for (int d = 1; d < shape.length; d++) {
            cols *= shape[d];
        }
        return cols;
    }

    /** The array as rows x cols, each row flattened in C order; a 1-D array becomes one column. */
    public double[][] toMatrix() {
        int rows = rows();
        int cols = cols();
        double[][] m = new double[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = Arrays.copyOfRange(values, r * cols, (r + 1) * cols);
        }
        return m;
    }

    /** The elements as one vector (a 2-D array is flattened row by row). */
    public double[] toVector() {
        return values.clone();
    }

    /** The elements as ints, for labels; NPY_BAD_FILE when an element is not an int. */
    public int[] toIntVector() {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new LoihiException(CompilerErrors.NPY_BAD_FILE, "npy element is not an int: file="
                        + source + ", index=" + i + ", value=" + v);
            }
            out[i] = (int) v;
        }
        return out;
    }
}
