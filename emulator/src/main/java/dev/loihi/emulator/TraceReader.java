package dev.loihi.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an output trace (RAW_FORMAT.md), ours or another emulator's, so that runs can be
 * compared. Warning texts are mapped to their {@link Warning} kind.
 */
public final class TraceReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;

    private TraceReader(String source) {
        this.source = source;
    }

    public static Trace read(Path file) {
        String text;
        try {
            text = dev.loihi.common.InputFiles.readText(file, dev.loihi.common.InputFiles.MAX_ARRAY_BYTES,
                    EmulatorErrors.TRACE_IO, "trace");
        } catch (LoihiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LoihiException(EmulatorErrors.TRACE_IO, "cannot read trace: file=" + file
                    + ", error=" + RawNetworkReader.oneLine(String.valueOf(e.getMessage())), e);
        }
        return read(text, file.toString());
    }

    public static Trace read(String json, String source) {
        return new TraceReader(source).parse(json);
    }

    private Trace parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LoihiException(EmulatorErrors.TRACE_MALFORMED, "trace is not valid JSON: file=" + source
                    + ", error=" + RawNetworkReader.oneLine(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw bad("top level", "expected=an object");
        }
        JsonNode stepsNode = root.get("steps");
        if (stepsNode == null || !stepsNode.canConvertToInt() || stepsNode.intValue() < 0) {
            throw bad("key=steps", "expected=a count");
        }
        int steps = stepsNode.intValue();
        Set<Warning> warnings = EnumSet.noneOf(Warning.class);
        JsonNode w = root.get("warnings");
        if (w != null && !w.isNull()) {
            if (!w.isArray()) {
                throw bad("key=warnings", "expected=a list");
            }
            for (JsonNode text : w) {
                Optional<Warning> kind = Warning.parse(text.asText());
                if (kind.isEmpty()) {
                    throw bad("key=warnings", "unknown warning=" + text.asText());
                }
                warnings.add(kind.get());
            }
        }
        JsonNode blocksNode = root.get("blocks");
        if (blocksNode == null || !blocksNode.isObject()) {
            throw bad("key=blocks", "expected=an object");
        }
        Map<String, BlockTrace> blocks = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = blocksNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            blocks.put(e.getKey(), block(e.getKey(), e.getValue(), steps));
        }
        return new Trace(steps, warnings, blocks);
    }

    private BlockTrace block(String name, JsonNode node, int steps) {
        String where = "block=" + name;
        if (!node.isObject()) {
            throw bad(where, "expected=an object");
        }
        int[][] spikes = matrix(node.get("spike_times"), where + ", key=spike_times", -1);
        int[][] voltage = matrix(node.get("voltage"), where + ", key=voltage", steps);
        int[][] current = matrix(node.get("current"), where + ", key=current", steps);
        if (voltage.length != spikes.length || current.length != spikes.length) {
            throw bad(where, "compartments: spike_times=" + spikes.length + ", voltage=" + voltage.length
                    + ", current=" + current.length);
        }
        JsonNode counts = node.get("spike_counts");
        if (counts != null && !counts.isNull()) {
            int[][] wrapped = matrix(JSON.createArrayNode().add(counts), where + ", key=spike_counts", spikes.length);
            for (int c = 0; c < spikes.length; c++) {
                if (wrapped[0][c] != spikes[c].length) {
                    throw bad(where + ", key=spike_counts", "compartment=" + c + ", count=" + wrapped[0][c]
                            + ", spike_times=" + spikes[c].length);
                }
            }
        }
        return new BlockTrace(spikes, voltage, current);
    }

    /** A list of integer lists; every row has {@code rowLength} entries unless it is negative. */
    private int[][] matrix(JsonNode node, String where, int rowLength) {
        if (node == null || !node.isArray()) {
            throw bad(where, "expected=a list of lists");
        }
        int[][] rows = new int[node.size()][];
        for (int i = 0; i < rows.length; i++) {
            JsonNode row = node.get(i);
            if (!row.isArray() || (rowLength >= 0 && row.size() != rowLength)) {
                throw bad(where, "row=" + i + ", expected=a list of " + (rowLength >= 0 ? rowLength : "any") + " integers");
            }
            rows[i] = new int[row.size()];
            for (int j = 0; j < rows[i].length; j++) {
                JsonNode v = row.get(j);
                if (!v.isNumber() || v.doubleValue() != Math.rint(v.doubleValue()) || !v.canConvertToInt()) {
                    throw bad(where, "row=" + i + ", column=" + j + ", expected=an integer");
                }
                rows[i][j] = v.intValue();
            }
        }
        return rows;
    }

    private LoihiException bad(String where, String detail) {
        return new LoihiException(EmulatorErrors.TRACE_MALFORMED, "trace does not match RAW_FORMAT.md: file=" + source
                + ", " + where + ", " + detail);
    }
}
