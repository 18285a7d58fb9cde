package dev.loihi.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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

    /**
     * The trace of an image run with the cores of each layer joined into one block named after
     * the layer, in image order: the blocks {@link RawExporter#blockName} names, read back, so
     * that two images that cut a layer over cores differently compare neuron for neuron.
     */
    public Trace byLayer() {
        Map<String, List<BlockTrace>> parts = new LinkedHashMap<>();
        blocks.forEach((name, block) -> parts.computeIfAbsent(name.substring(name.indexOf('_') + 1),
                k -> new ArrayList<>()).add(block));
        Map<String, BlockTrace> joined = new LinkedHashMap<>();
        parts.forEach((layer, cores) -> joined.put(layer, new BlockTrace(
                cores.stream().flatMap(b -> Stream.of(b.spikeTimes())).toArray(int[][]::new),
                cores.stream().flatMap(b -> Stream.of(b.voltage())).toArray(int[][]::new),
                cores.stream().flatMap(b -> Stream.of(b.current())).toArray(int[][]::new))));
        return new Trace(steps, warnings, joined);
    }
}
