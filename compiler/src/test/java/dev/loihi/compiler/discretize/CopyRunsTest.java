package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyRunsTest {
    @Test
    void shouldGroupAdjacentEqualRowsOnly() {
        double[][] w = {{1, 2}, {1, 2}, {3, 4}, {1, 2}, {1, 2}, {1, 2}};
        int[] start = CopyRuns.rows(Weights.of(w));
        assertArrayEquals(new int[] {0, 0, 2, 3, 3, 3}, start);
        assertEquals(2, CopyRuns.length(start, 0));
        assertEquals(1, CopyRuns.length(start, 2));
        assertEquals(3, CopyRuns.length(start, 3));
    }

    @Test
    void shouldGroupPostNeuronsEqualInEveryInputAndInBias() {
        Connection a = new Connection("a", "e", new double[][] {{1, 1, 1, 2}, {5, 5, 5, 5}}, 0);
        Connection b = new Connection("b", "e", new double[][] {{0, 0, 7, 7}}, 0);
        // Neuron 2 differs in b, neuron 3 in a; 0 and 1 agree everywhere but in bias when it differs.
        assertArrayEquals(new int[] {0, 0, 2, 3}, CopyRuns.columns(List.of(a, b), new double[] {0.5, 0.5, 0.5, 0.5}));
        assertArrayEquals(new int[] {0, 1, 2, 3}, CopyRuns.columns(List.of(a, b), new double[] {0.5, 0.25, 0.5, 0.5}));
    }
}
