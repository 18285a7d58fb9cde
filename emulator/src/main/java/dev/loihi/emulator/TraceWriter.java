package dev.loihi.emulator;

import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a {@link Trace} as the output trace JSON of RAW_FORMAT.md, deterministically. */
public final class TraceWriter {
    private TraceWriter() {}

    public static void write(Trace trace, Path file) {
        try {
            Files.writeString(file, toJson(trace));
        } catch (IOException e) {
            throw new LoihiException(EmulatorErrors.TRACE_IO, "cannot write trace: file=" + file
                    + ", error=" + RawNetworkReader.oneLine(e.getMessage()), e);
        }
    }

    public static String toJson(Trace trace) {
        StringBuilder out = new StringBuilder(1024);
        out.append("{\n  \"steps\": ").append(trace.steps()).append(",\n  \"warnings\": [");
        boolean first = true;
        for (Warning w : Warning.values()) {
            if (trace.warnings().contains(w)) {
                out.append(first ? "" : ", ").append(JsonText.quote(w.text()));
                first = false;
            }
        }
        out.append("],\n  \"blocks\": {");
        first = true;
        for (Map.Entry<String, BlockTrace> e : trace.blocks().entrySet()) {
            BlockTrace b = e.getValue();
            out.append(first ? "\n" : ",\n").append("    ").append(JsonText.quote(e.getKey())).append(": {\n");
            out.append("      \"spike_times\": ");
            JsonText.rows(out, b.spikeTimes(), "      ");
            out.append(",\n      \"spike_counts\": ");
            JsonText.ints(out, b.spikeCounts());
            out.append(",\n      \"voltage\": ");
            JsonText.rows(out, b.voltage(), "      ");
            out.append(",\n      \"current\": ");
            JsonText.rows(out, b.current(), "      ");
            out.append("\n    }");
            first = false;
        }
        out.append(first ? "}\n}\n" : "\n  }\n}\n");
        return out.toString();
    }
}
