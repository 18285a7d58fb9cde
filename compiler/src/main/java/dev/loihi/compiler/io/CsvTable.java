package dev.loihi.compiler.io;

import java.util.List;

/**
 * Numeric rows read from a CSV file.
 *
 * @param columns the header's column names, or an empty list when the file has no header
 * @param rows one array per data line, all of the same length
 */
public record CsvTable(List<String> columns, double[][] rows) {
    public CsvTable {
        columns = List.copyOf(columns);
    }

    public int width() {
        return rows.length > 0 ? rows[0].length : columns.size();
    }
}
