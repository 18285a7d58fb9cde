package dev.loihi.emulator;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@code "population"} of a raw synapse (RAW_FORMAT.md, "Population synapses"): shared
 * weight lists reached through population axons. Pre compartment i sends to axon
 * {@code axon[i]} (-1: nowhere) with atom {@code atom[i]}; axon a adds the atom's row of list
 * {@code list[a]} at post compartments {@code base[a] + indices} (base -1: unused axon).
 *
 * @param popType 16 or 32
 */
public record RawPopulation(int popType, int[] axon, int[] atom, int[] base, int[] list, List<WeightList> lists) {
    public RawPopulation {
        Objects.requireNonNull(axon, "axon");
        Objects.requireNonNull(atom, "atom");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(list, "list");
        lists = List.copyOf(lists);
    }

    /** One shared list: per atom a row of weights and the post compartments (relative to a base) they reach. */
    public record WeightList(int[][] weights, int[][] indices) {
        public WeightList {
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(indices, "indices");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WeightList l && Arrays.deepEquals(weights, l.weights)
                    && Arrays.deepEquals(indices, l.indices);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(weights) * 31 + Arrays.deepHashCode(indices);
        }

        @Override
        public String toString() {
            return "WeightList[atoms=" + weights.length + "]";
        }
    }

    /** Whether pre compartment i's spike reaches anything. */
    public boolean sends(int pre) {
        int a = axon[pre];
        return a >= 0 && base[a] >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawPopulation p && popType == p.popType && Arrays.equals(axon, p.axon)
                && Arrays.equals(atom, p.atom) && Arrays.equals(base, p.base) && Arrays.equals(list, p.list)
                && lists.equals(p.lists);
    }

    @Override
    public int hashCode() {
        return Objects.hash(popType, Arrays.hashCode(axon), Arrays.hashCode(base), lists);
    }

    @Override
    public String toString() {
        return "RawPopulation[pop" + popType + ", axons=" + base.length + ", lists=" + lists.size() + "]";
    }
}
