package dev.loihi.emulator;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The output trace of RAW_FORMAT.md: the number of steps run, which kinds of wrap-around
 * happened, and per block (in network order) its spikes, voltages and currents.
 */
public record Trace(int steps, Set<Warning> warnings, Map<String, BlockTrace> blocks) {
    public Trace {
        warnings = Collections.unmodifiableSet(warnings.isEmpty() ? EnumSet.noneOf(Warning.class) : EnumSet.copyOf(warnings));
        blocks = Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
    }

    public BlockTrace block(String name) {
        return blocks.get(name);
    }
}
