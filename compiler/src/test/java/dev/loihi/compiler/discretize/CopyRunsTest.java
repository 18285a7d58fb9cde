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
        int[] start = CopyRuns.rows(Weights.of(w), null);
        assertArrayEquals(new int[] {0, 0, 2, 3, 3, 3}, start);
        assertEquals(2, CopyRuns.length(start, 0));
        assertEquals(1, CopyRuns.length(start, 2));
        assertEquals(3, CopyRuns.length(start, 3));
    }

    /**
     * Among neurons with staggered starts a run is a unit's copies: it goes on while the start
     * rises, so two units with equal outgoing weights (a max pool tree's relu(x) and relu(y - x),
     * three copies each) are two runs, and a unit whose weights differ still ends its run.
     */
    @Test
    void shouldGroupOnlyTheCopiesOfOneUnitWhereStartsAreStaggered() {
        double[][] w = {{1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}, {3, 4}, {3, 4}, {1, 2}};
        double[] third = {1 / 6.0, 3 / 6.0, 5 / 6.0};
        double[] starts = {third[0], third[1], third[2], third[0], third[1], third[2], third[0], third[1], third[2]};
        assertArrayEquals(new int[] {0, 0, 0, 3, 3, 3, 6, 6, 8}, CopyRuns.rows(Weights.of(w), starts));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 6, 6, 8}, CopyRuns.rows(Weights.of(w), null),
                "without starts, equal rows alone");
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
