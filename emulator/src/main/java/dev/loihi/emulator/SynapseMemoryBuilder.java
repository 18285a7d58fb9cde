package dev.loihi.emulator;

import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Synapse memory being filled with blocks, each content stored once: axons with the same
 * synapses (replicas of one unit, host axons that repeat a feature) share one block, which
 * keeps more of the memory a step reads in cache (the compiled jet tagger's shrinks 2.4x).
 */
final class SynapseMemoryBuilder {
    private final short[] memory;
    private final Map<ShortBuffer, Integer> offsets = new HashMap<>();
    private int size;

    /** Room for blocks of {@code shorts} shorts in all, before sharing. */
    SynapseMemoryBuilder(int shorts) {
        memory = new short[shorts];
    }

    /** Offset of the block of these synapses, written now or earlier; -1 when every weight is zero. */
    int add(int[] compartments, int[] weights) {
        int written = SynapseBlock.write(compartments, weights, memory, size);
        if (written == 0) {
            return -1;
        }
        ShortBuffer content = ShortBuffer.wrap(Arrays.copyOfRange(memory, size, size + written));
        Integer known = offsets.putIfAbsent(content, size);
        if (known != null) {
            Arrays.fill(memory, size, size + written, (short) 0);
            return known;
        }
        size += written;
        return size - written;
    }

    short[] toArray() {
        return Arrays.copyOf(memory, size);
    }
}
