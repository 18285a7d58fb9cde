package dev.loihi.cli.host;

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
            throw new LoihiException("INPUT_EMPTY", "input file has no rows: file=" + file);
        }
        return x;
    }

    public static int[] labels(Path file, int expectedRows) {
        int[] y;
        if (isCsv(file)) {
            double[][] rows = CsvReader.read(file).rows();
            y = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                y[i] = (int) rows[i][0];
            }
        } else {
            y = NpyReader.read(file).toIntVector();
        }
        if (y.length != expectedRows) {
            throw new LoihiException("LABELS_SHAPE", "labels and inputs differ in length: file=" + file
                    + ", labels=" + y.length + ", inputs=" + expectedRows);
        }
        return y;
    }

    private static boolean isCsv(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    }
}
