package dev.loihi.compiler.io;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes .npy files (format 1.0, C order) that {@code numpy.load} and {@link NpyReader} read
 * back unchanged: float64 ({@code <f8}) or int64 ({@code <i8}), 1-D or 2-D, or samples of any
 * shape (images: N x H x W x C; spike trains: N x T x inputs).
 */
public final class NpyWriter {
    private NpyWriter() {}

    public static void write(Path file, double[] vector) {
        ByteBuffer data = buffer(vector.length, 8);
        for (double v : vector) {
            data.putDouble(v);
        }
        save(file, new NpyHeader("<f8", false, new int[] {vector.length}), data);
    }

    /** Writes a rows x cols matrix; every row must have the same length. */
    public static void write(Path file, double[][] matrix) {
        int cols = columns(matrix, matrix.length == 0 ? 0 : matrix[0].length);
        ByteBuffer data = buffer((long) matrix.length * cols, 8);
        for (double[] row : matrix) {
            for (double v : row) {
                data.putDouble(v);
            }
        }
        save(file, new NpyHeader("<f8", false, new int[] {matrix.length, cols}), data);
    }

    /** Writes C-ordered {@code values} of any {@code shape} (e.g. spike trains, N x T x inputs). */
    public static void write(Path file, int[] shape, double[] values) {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape holds " + count + " values, got " + values.length);
        }
        ByteBuffer data = buffer(values.length, 8);
        for (double v : values) {
            data.putDouble(v);
        }
        save(file, new NpyHeader("<f8", false, shape.clone()), data);
    }

    /** Writes one sample per row, each of {@code sampleShape} in C order (rows of its product). */
    public static void write(Path file, double[][] rows, int... sampleShape) {
        int cols = columns(rows, java.util.Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b));
        ByteBuffer data = buffer((long) rows.length * cols, 8);
        for (double[] row : rows) {
            for (double v : row) {
                data.putDouble(v);
            }
        }
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = rows.length;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        save(file, new NpyHeader("<f8", false, shape), data);
    }

    public static void write(Path file, long[] vector) {
        ByteBuffer data = buffer(vector.length, 8);
        for (long v : vector) {
            data.putLong(v);
        }
        save(file, new NpyHeader("<i8", false, new int[] {vector.length}), data);
    }

    public static void write(Path file, long[][] matrix) {
        int cols = columns(matrix, matrix.length == 0 ? 0 : matrix[0].length);
        ByteBuffer data = buffer((long) matrix.length * cols, 8);
        for (long[] row : matrix) {
            for (long v : row) {
                data.putLong(v);
            }
        }
        save(file, new NpyHeader("<i8", false, new int[] {matrix.length, cols}), data);
    }

    private static int columns(Object[] rows, int cols) {
        for (int r = 0; r < rows.length; r++) {
            int n = Array.getLength(rows[r]);
            if (n != cols) {
                throw new IllegalArgumentException("ragged matrix: row=" + r + ", length=" + n + ", expected=" + cols);
            }
        }
        return cols;
    }

    private static ByteBuffer buffer(long count, int itemSize) {
        if (count * itemSize > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("array too large for one .npy buffer: elements=" + count);
        }
        return ByteBuffer.allocate((int) (count * itemSize)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void save(Path file, NpyHeader header, ByteBuffer data) {
        byte[] preamble = header.encodeV1();
        byte[] out = new byte[preamble.length + data.capacity()];
        System.arraycopy(preamble, 0, out, 0, preamble.length);
        System.arraycopy(data.array(), 0, out, preamble.length, data.capacity());
        try {
            Files.write(file, out);
        } catch (IOException e) {
            throw new LoihiException(CompilerErrors.NPY_WRITE_FAILED, "cannot write npy file: file=" + file
                    + ", reason=" + e.getClass().getSimpleName(), e);
        }
    }
}
