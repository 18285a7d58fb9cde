package dev.loihi.emulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The few pieces of JSON text the raw network and trace writers need, laid out so that files
 * diff well: one matrix row per line, numbers in a row on one line. Output depends only on the
 * data, so the same network or trace always gives the same bytes.
 */
final class JsonText {
    private JsonText() {}

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    static void ints(StringBuilder out, int[] values) {
        out.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(values[i]);
        }
        out.append(']');
    }

    /** {@code [[...], [...]]} with each row on its own line, indented by {@code indent}. */
    static void rows(StringBuilder out, int[][] rows, String indent) {
        if (rows.length == 0) {
            out.append("[]");
            return;
        }
        out.append("[\n");
        for (int i = 0; i < rows.length; i++) {
            out.append(indent).append("  ");
            ints(out, rows[i]);
            out.append(i + 1 < rows.length ? ",\n" : "\n");
        }
        out.append(indent).append(']');
    }
}
