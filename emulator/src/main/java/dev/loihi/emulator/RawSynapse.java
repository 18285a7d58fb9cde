package dev.loihi.emulator;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense weight matrix from {@code pre} (an input or a block) to block {@code post}:
 * {@code weights[i][j]} is added, scaled by {@link Weights#raw}, to compartment j of post when
 * pre's axon or compartment i spikes.
 */
public record RawSynapse(String pre, String post, int[][] weights, int weightExp) {
    public RawSynapse {
        Objects.requireNonNull(pre, "pre");
        Objects.requireNonNull(post, "post");
        Objects.requireNonNull(weights, "weights");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawSynapse s && pre.equals(s.pre) && post.equals(s.post) && weightExp == s.weightExp
                && Arrays.deepEquals(weights, s.weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pre, post, weightExp, Arrays.deepHashCode(weights));
    }

    @Override
    public String toString() {
        return "RawSynapse[" + pre + " -> " + post + ", exp=" + weightExp + "]";
    }
}
