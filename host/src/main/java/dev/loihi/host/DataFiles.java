package dev.loihi.host;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.io.CsvReader;
import dev.loihi.compiler.io.NpyReader;

import java.nio.file.Path;

/** Inputs and labels from NumPy .npy or CSV files, chosen by extension. */
public final class DataFiles {
    private DataFiles() {}

    public static double[][] matrix(Path file) {
        double[][] x = isCsv(file) ? CsvReader.read(file).rows() : NpyReader.read(file).toMatrix();
        if (x.length == 0) {
            throw new LoihiException(HostErrors.INPUT_EMPTY, "input file has no rows: file=" + file);
        }
        return x;
    }

    public static int[] labels(Path file, int expectedRows) {
        int[] y;
        if (isCsv(file)) {
            double[][] rows = CsvReader.read(file).rows();
            y = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double v = rows[i][0];
                if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                    throw new LoihiException(HostErrors.LABELS_VALUE, "label is not a whole number: file=" + file + ", row="
                            + i + ", value=" + v);
                }
                y[i] = (int) v;
            }
        } else {
            y = NpyReader.read(file).toIntVector();
        }
        if (y.length != expectedRows) {
            throw new LoihiException(HostErrors.LABELS_SHAPE, "labels and inputs differ in length: file=" + file
                    + ", labels=" + y.length + ", inputs=" + expectedRows);
        }
        return y;
    }

    /**
     * Labels must name a class of the readout; a label it can never predict (1-based labels,
     * labels of another model) would only show as a low accuracy.
     */
    public static void checkClasses(int[] labels, int classes, Path file) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new LoihiException(HostErrors.LABELS_RANGE, "label is not a class of the model: file=" + file + ", row="
                        + i + ", label=" + labels[i] + ", classes=" + classes + " (0.." + (classes - 1) + ")");
            }
        }
    }

    private static boolean isCsv(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    }
}
