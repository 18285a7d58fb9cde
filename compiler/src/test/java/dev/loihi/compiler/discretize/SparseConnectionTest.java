package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.image.SignMode;
import org.junit.jupiter.api.Test;

/**
 * A sparse connection holds only synapses a matrix of its size could hold: a post outside
 * 0..nPost - 1 would be dropped by every core's range scan without a word, where the matrix
 * could not be made at all.
 */
class SparseConnectionTest {

    @Test
    void shouldRefuseAPostPastTheLastNeuron() {
        SparseRows rows = new SparseRows(new int[] {0, 1, 3}, new int[] {2, 1, 4}, new int[] {5, 6, 7});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiscreteConnection.sparse(
                "a", "b", 0, -1, 0, 2, 4, SignMode.EXCITATORY, 0, rows, DiscreteConnection.SYNTHESIZED));
        assertTrue(e.getMessage().contains("row=1, post=4, nPost=4"), e.getMessage());
    }

    @Test
    void shouldRefuseANegativePost() {
        SparseRows rows = new SparseRows(new int[] {0, 2}, new int[] {-1, 3}, new int[] {5, 6});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiscreteConnection.sparse(
                "a", "b", 0, -1, 0, 1, 4, SignMode.EXCITATORY, 0, rows, DiscreteConnection.SYNTHESIZED));
        assertTrue(e.getMessage().contains("row=0, post=-1, nPost=4"), e.getMessage());
    }
}
