package dev.loihi.compiler.report;

import java.util.ArrayList;
import java.util.List;

/** The warnings of one compilation, in the order the passes reported them. */
public final class Diagnostics {
    private final List<Diagnostic> warnings = new ArrayList<>();

    public void warn(String code, String layer, String message) {
        warnings.add(new Diagnostic(code, layer, message));
    }

    public List<Diagnostic> warnings() {
        return List.copyOf(warnings);
    }
}
