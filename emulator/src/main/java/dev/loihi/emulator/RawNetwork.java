package dev.loihi.emulator;

import java.util.List;
import java.util.Objects;

/**
 * A network in chip units (RAW_FORMAT.md): blocks of compartments with their registers, host
 * inputs with their spike times, and dense synapse matrices, run for {@code steps} steps
 * numbered 1..steps. Read with {@link RawNetworkReader}, checked with {@link RawNetworkValidator},
 * written with {@link RawNetworkWriter}.
 */
public record RawNetwork(int steps, List<RawBlock> blocks, List<RawInput> inputs, List<RawSynapse> synapses) {
    public RawNetwork {
        blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks"));
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        synapses = List.copyOf(Objects.requireNonNull(synapses, "synapses"));
    }

    /** The same network run for a different number of steps. */
    public RawNetwork withSteps(int newSteps) {
        return new RawNetwork(newSteps, blocks, inputs, synapses);
    }

    public int blockIndex(String name) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public int inputIndex(String name) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
