package dev.loihi.emulator;

import java.util.Arrays;
import java.util.Objects;

/**
 * Synapses from {@code pre} (an input or a block) to block {@code post}, either a dense weight
 * matrix ({@code weights[i][j]} is added, scaled by {@link Weights#raw}, to compartment j of post
 * when pre's axon or compartment i spikes) or, with {@code weights} null, shared weight lists
 * behind population axons ({@link RawPopulation}; pre is then a block).
 */
public record RawSynapse(String pre, String post, int[][] weights, int weightExp, RawPopulation population) {
    public RawSynapse {
        Objects.requireNonNull(pre, "pre");
        Objects.requireNonNull(post, "post");
        if ((weights == null) == (population == null)) {
            throw new IllegalArgumentException("synapse " + pre + " -> " + post + ": exactly one of weights and population");
        }
    }

    /** A dense synapse. */
    public RawSynapse(String pre, String post, int[][] weights, int weightExp) {
        this(pre, post, Objects.requireNonNull(weights, "weights"), weightExp, null);
    }

    public boolean isPopulation() {
        return population != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawSynapse s && pre.equals(s.pre) && post.equals(s.post) && weightExp == s.weightExp
                && Arrays.deepEquals(weights, s.weights) && Objects.equals(population, s.population);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pre, post, weightExp, Arrays.deepHashCode(weights), population);
    }

    @Override
    public String toString() {
        return "RawSynapse[" + pre + " -> " + post + ", exp=" + weightExp + (population != null ? ", " + population : "") + "]";
    }
}
