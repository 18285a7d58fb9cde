package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakBalanceTest {
    /** A block whose scale grows with the leak and whose rounding errors shrink with the scale. */
    private record Trial(int decayU, double scale, double weightDriveError, double biasDriveError)
            implements LeakBalance.Trial {
        static Trial at(int decayU, double scalePerLeak, double weightTimesScale, double biasTimesScale) {
            double scale = scalePerLeak * (decayU + 1);
            return new Trial(decayU, scale, weightTimesScale / scale, biasTimesScale / scale);
        }

        @Override
        public double weightRmsError() {
            return weightDriveError;
        }
    }

    @Test
    void shouldTakeTheLeakWithTheSmallestDriveError() {
        // error = (d + 1) / 8192 + 0.1 / (d + 1): 16/4096 gives .00195 + .00625, 32/4096 .0039 + .0031,
        // 64/4096 .0078 + .0016
        assertEquals(31, LeakBalance.choose(d -> Trial.at(d, 1000, 100, 0)).decayU());
    }

    @Test
    void shouldWeighTheBiasErrorWithTheWeights() {
        // Three times the rounding error moves the balance one leak stronger: 32/4096 .0039 + .0094,
        // 64/4096 .0078 + .0047, 128/4096 .0156 + .0023
        assertEquals(63, LeakBalance.choose(d -> Trial.at(d, 1000, 100, 200)).decayU());
    }

    @Test
    void shouldTakeTheWeakestLeakWhenRoundingCostsNothing() {
        List<Integer> tried = new ArrayList<>();
        Trial chosen = LeakBalance.choose(d -> {
            tried.add(d);
            return Trial.at(d, 1000, 0, 0);
        });
        assertEquals(0, chosen.decayU());
        // The next leak alone would cost more than the weakest one in all.
        assertEquals(List.of(0), tried);
    }

    @Test
    void shouldSkipLeaksAtWhichTheBlockDoesNotFit() {
        Trial chosen = LeakBalance.choose(d -> {
            if (d < 63) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "too small");
            }
            return Trial.at(d, 1_000_000, 0, 0);
        });
        assertEquals(63, chosen.decayU());
    }

    @Test
    void shouldFailWithTheStrongestLeaksErrorWhenNoLeakFits() {
        LoihiException e = org.junit.jupiter.api.Assertions.assertThrows(LoihiException.class, () -> LeakBalance.choose(d -> {
            throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "too small at " + d);
        }));
        assertEquals(CompilerErrors.DISCRETIZE_RANGE, e.code());
    }
}
