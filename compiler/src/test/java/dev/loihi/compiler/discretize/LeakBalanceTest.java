package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakBalanceTest {
    /** A block whose scale grows with the leak and whose rounding errors shrink with the scale. */
    private record Trial(int decayU, double scale, double weightDriveError, double biasDriveError,
                         double weightRmsError) implements LeakBalance.Trial {
        static Trial at(int decayU, double scalePerLeak, double weightTimesScale, double biasTimesScale) {
            double scale = scalePerLeak * (decayU + 1);
            return new Trial(decayU, scale, weightTimesScale / scale, biasTimesScale / scale, weightTimesScale / scale);
        }

        /** Weights whose relative error is {@code rmsTimesScale / scale} but cost {@code rate} times that in drive. */
        static Trial sparse(int decayU, double scalePerLeak, double rmsTimesScale, double rate) {
            double scale = scalePerLeak * (decayU + 1);
            return new Trial(decayU, scale, rate * rmsTimesScale / scale, 0, rmsTimesScale / scale);
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
    void shouldNotLetSparseRatesTakeTheWeightsPastTheWarningLimit() {
        // At a hundredth of a spike a step the weakest leak would win on drive alone, but its
        // weights lose 1 / (d + 1) of their RMS: 2% is first met at 63/4096 (1.6%).
        List<Integer> tried = new ArrayList<>();
        Trial chosen = LeakBalance.choose(d -> {
            tried.add(d);
            return Trial.sparse(d, 1000, 1000, 0.01);
        });
        assertEquals(63, chosen.decayU());
        assertTrue(chosen.weightRmsError() <= Discretizer.PRECISION_WARNING_RMS);
        // Every weaker leak was tried and passed over.
        assertEquals(List.of(0, 1, 3, 7, 15, 31, 63), tried);
    }

    @Test
    void shouldTakeTheStrongestLeakWhenNoneKeepsTheWeightsWithinTheLimit() {
        assertEquals(IntegratorLeak.MAX_DECAY_U, LeakBalance.choose(d -> Trial.sparse(d, 1000, 1e6, 0.01)).decayU());
    }

    @Test
    void shouldFailWithTheStrongestLeaksErrorWhenNoLeakFits() {
        LoihiException e = org.junit.jupiter.api.Assertions.assertThrows(LoihiException.class, () -> LeakBalance.choose(d -> {
            throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "too small at " + d);
        }));
        assertEquals(CompilerErrors.DISCRETIZE_RANGE, e.code());
    }

    /** A floor skips every weaker leak, the balance's own choice among them included. */
    @Test
    void shouldTakeNoLeakBelowTheFloor() {
        List<Integer> tried = new ArrayList<>();
        Trial chosen = LeakBalance.choose(d -> {
            tried.add(d);
            return Trial.at(d, 1000, 100, 0);
        }, 128);
        // without the floor 32/4096 (shouldTakeTheLeakWithTheSmallestDriveError)
        assertEquals(127, chosen.decayU());
        assertTrue(tried.stream().allMatch(d -> d + 1 >= 128), tried.toString());
        assertEquals(31, LeakBalance.choose(d -> Trial.at(d, 1000, 100, 0), 0).decayU());
        assertTrue(LeakBalance.offers(128) && LeakBalance.offers(1) && !LeakBalance.offers(3)
                && !LeakBalance.offers(512));
    }
}
