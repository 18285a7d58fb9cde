package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.loihi.image.ChipLimits;
import org.junit.jupiter.api.Test;

class SignSplitTest {
    @Test
    void shouldSplitEveryMixedConnectionThatFits() {
        assertArrayEquals(new boolean[] {true, false, true},
                SignSplit.decide(new int[] {100, 50, 30}, new boolean[] {true, false, true}, 0, 0));
    }

    @Test
    void shouldKeepTheWidestConnectionWholeWhenTheAxonsOverflow() {
        // Split, 1500 and 1000 pre neurons need 5000 axons; keeping the 1500 whole needs 3500.
        assertArrayEquals(new boolean[] {false, true},
                SignSplit.decide(new int[] {1500, 1000}, new boolean[] {true, true}, 0, 0));
    }

    @Test
    void shouldKeepConnectionsWholeWhenTheFormatsOverflow() {
        // Six mixed inputs and one reserved format: all split would need 13 of a core's 8.
        boolean[] mixed = new boolean[6];
        java.util.Arrays.fill(mixed, true);
        boolean[] split = SignSplit.decide(new int[] {4, 4, 4, 4, 4, 4}, mixed, 1, 0);
        int formats = 1;
        for (boolean s : split) {
            formats += s ? 2 : 1;
        }
        org.junit.jupiter.api.Assertions.assertEquals(ChipLimits.SYNAPSE_FORMATS_PER_CORE, formats);
    }

    @Test
    void shouldCountTheAxonsReservedForTheFineBias() {
        // 2,047 pre neurons split take 4,094 axons: with the fine bias's 2 they fill a core, with 3 they do not.
        assertArrayEquals(new boolean[] {true},
                SignSplit.decide(new int[] {2047}, new boolean[] {true}, 2, FineBias.PERIODS.length - 1));
        assertArrayEquals(new boolean[] {false}, SignSplit.decide(new int[] {2047}, new boolean[] {true}, 2, 3));
    }
}
