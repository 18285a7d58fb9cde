package dev.loihi.compiler.io;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads comma-separated numeric files. The first non-blank line is a header when any of its
 * cells is not a number; every other line must hold the same number of finite numbers.
 * Blank lines are skipped. Any other content is CSV_BAD_FILE naming the file, line and column.
 */
public final class CsvReader {
    private CsvReader() {}

    public static CsvTable read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw bad(file, 0, "cannot read: reason=" + e.getClass().getSimpleName());
        }
        List<String> header = List.of();
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (width < 0 && header.isEmpty() && !allNumeric(cells)) {
                header = names(cells);
                width = cells.length;
                continue;
            }
            if (width >= 0 && cells.length != width) {
                throw bad(file, i + 1, "ragged row: cells=" + cells.length + ", expected=" + width);
            }
            width = cells.length;
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                row[c] = number(file, i + 1, c + 1, cells[c]);
            }
            rows.add(row);
        }
        if (width < 0) {
            throw bad(file, 0, "no data: lines=" + lines.size());
        }
        return new CsvTable(header, rows.toArray(new double[0][]));
    }

    private static boolean allNumeric(String[] cells) {
        for (String cell : cells) {
            try {
                Double.parseDouble(cell.strip());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static List<String> names(String[] cells) {
        List<String> names = new ArrayList<>();
        for (String cell : cells) {
            String name = cell.strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            names.add(name);
        }
        return names;
    }

    private static double number(Path file, int line, int column, String cell) {
        double v;
        try {
            v = Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            throw bad(file, line, "not a number: column=" + column + ", cell='" + cell.strip() + "'");
        }
        if (!Double.isFinite(v)) {
            throw bad(file, line, "non-finite number: column=" + column + ", cell='" + cell.strip() + "'");
        }
        return v;
    }

    private static LoihiException bad(Path file, int line, String what) {
        return new LoihiException(CompilerErrors.CSV_BAD_FILE, "bad csv file: file=" + file + ", line=" + line + ", " + what);
    }
}
