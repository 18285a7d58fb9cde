package dev.loihi.compiler.discretize;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.common.LoihiException;
import org.junit.jupiter.api.Test;

class IntegratorLeakTest {
    /** A block whose scale grows with the leak and whose rounding error shrinks with the scale. */
    private record Trial(int decayU, double scale, double weightRmsError) implements IntegratorLeak.Trial {
        static Trial at(int decayU, double scalePerLeak, double rmsTimesScale) {
            double scale = scalePerLeak * (decayU + 1);
            return new Trial(decayU, scale, rmsTimesScale / scale);
        }
    }

    @Test
    void shouldTakeTheSmallestLeakThatKeepsRoundingWithinTheTarget() {
        // rms = 100 / scale: within 0.5% from scale 20000 on, i.e. decay_u 31 at 1000 per leak step.
        assertEquals(31, IntegratorLeak.choose(d -> Trial.at(d, 1000, 100)).decayU());
    }

    @Test
    void shouldWantABiasStepOfAtMostOneIn128Thresholds() {
        // Rounding is fine everywhere; the scale reaches 8192 at decay_u 15.
        assertEquals(15, IntegratorLeak.choose(d -> Trial.at(d, 520, 0)).decayU());
    }

    @Test
    void shouldSettleForNearTheBestRoundingWhenNoLeakMeetsTheLimit() {
        // The strongest leak reaches rms 0.05 only; 10% above it, 0.055, needs scale 72727.
        Trial chosen = IntegratorLeak.choose(d -> Trial.at(d, 3000_000.0 / 256 / 4, 0.05 * 750_000));
        assertEquals(255, chosen.decayU());
    }

    @Test
    void shouldSkipLeaksAtWhichTheBlockDoesNotFit() {
        Trial chosen = IntegratorLeak.choose(d -> {
            if (d < 63) {
                throw new LoihiException(CompilerErrors.DISCRETIZE_RANGE, "too small");
            }
            return Trial.at(d, 1_000_000, 0);
        });
        assertEquals(63, chosen.decayU());
    }
}
