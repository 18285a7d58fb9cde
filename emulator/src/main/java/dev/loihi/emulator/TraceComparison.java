package dev.loihi.emulator;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Compares two traces number for number, as RAW_FORMAT.md asks (warnings as a set of kinds), and
 * names the first difference so a failing comparison says where two emulators part ways.
 */
public final class TraceComparison {
    private TraceComparison() {}

    /** Empty when the traces agree; otherwise one line naming the first difference. */
    public static Optional<String> firstDifference(Trace expected, Trace actual) {
        if (expected.steps() != actual.steps()) {
            return Optional.of("steps differ: expected=" + expected.steps() + ", actual=" + actual.steps());
        }
        if (!expected.warnings().equals(actual.warnings())) {
            return Optional.of("warnings differ: expected=" + expected.warnings() + ", actual=" + actual.warnings());
        }
        if (!expected.blocks().keySet().equals(actual.blocks().keySet())) {
            return Optional.of("blocks differ: expected=" + expected.blocks().keySet() + ", actual=" + actual.blocks().keySet());
        }
        for (Map.Entry<String, BlockTrace> e : expected.blocks().entrySet()) {
            Optional<String> d = blockDifference(e.getKey(), e.getValue(), actual.blocks().get(e.getKey()));
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> blockDifference(String name, BlockTrace expected, BlockTrace actual) {
        if (expected.compartments() != actual.compartments()) {
            return Optional.of("compartment counts differ: block=" + name + ", expected=" + expected.compartments()
                    + ", actual=" + actual.compartments());
        }
        for (int c = 0; c < expected.compartments(); c++) {
            if (!Arrays.equals(expected.spikeTimes()[c], actual.spikeTimes()[c])) {
                return Optional.of("spike times differ: block=" + name + ", compartment=" + c + ", expected="
                        + Arrays.toString(expected.spikeTimes()[c]) + ", actual=" + Arrays.toString(actual.spikeTimes()[c]));
            }
        }
        Optional<String> v = seriesDifference("voltage", name, expected.voltage(), actual.voltage());
        return v.isPresent() ? v : seriesDifference("current", name, expected.current(), actual.current());
    }

    private static Optional<String> seriesDifference(String what, String block, int[][] expected, int[][] actual) {
        for (int c = 0; c < expected.length; c++) {
            int steps = Math.max(expected[c].length, actual[c].length);
            for (int t = 0; t < steps; t++) {
                if (t >= expected[c].length || t >= actual[c].length || expected[c][t] != actual[c][t]) {
                    return Optional.of(what + " differs: block=" + block + ", compartment=" + c + ", step=" + (t + 1)
                            + ", expected=" + valueAt(expected[c], t) + ", actual=" + valueAt(actual[c], t));
                }
            }
        }
        return Optional.empty();
    }

    private static String valueAt(int[] series, int t) {
        return t < series.length ? Integer.toString(series[t]) : "none";
    }
}
