package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The staircase's parts reproduce a quantizer chain on every level of its domain. */
class LevelStaircaseTest {

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    /** pre-activation cast (signed), ReLU, output cast (unsigned, same or coarser grid), each WRAP or SAT. */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldEqualTheQuantizerChainOnEveryLevel(long seed) {
        Random r = new Random(seed);
        int preBits = 4 + r.nextInt(6);
        int preInt = 1 + r.nextInt(preBits - 1);
        FixedPointArithmetic pre = new FixedPointArithmetic(1, preBits, preInt, GridRounding.FLOOR, r.nextBoolean());
        int coarser = r.nextInt(3);
        int outBits = 2 + r.nextInt(5);
        FixedPointArithmetic out = new FixedPointArithmetic(0, outBits, outBits - (preBits - preInt) + coarser,
                GridRounding.values()[r.nextInt(3)], r.nextBoolean());
        LongUnaryOperator f = FixedPointArithmetic.reluChain(pre, out);
        long low = -(3L << preBits) + r.nextInt(50);
        long high = (3L << preBits) - r.nextInt(50);
        LevelStaircase stairs = LevelStaircase.of(f, low, high);
        for (long n = low; n <= high; n++) {
            assertEquals(f.applyAsLong(n), stairs.value(n), pre.describe() + " then " + out.describe() + " at level " + n);
        }
        assertTrue(stairs.compartments(8) >= 1 && stairs.windowSteps(8) >= 1);
    }

    @Test
    void shouldBeOneRampForAReluClippedBySat() {
        FixedPointArithmetic out = new FixedPointArithmetic(0, 6, 2, GridRounding.FLOOR, false);
        LevelStaircase stairs = LevelStaircase.of(n -> Math.round(out.apply(Math.max(0, n / 16.0), 0) * 16), -100, 200);
        assertEquals(1, stairs.ramps().size());
        assertEquals(new LevelStaircase.Ramp(0, 63), stairs.ramps().get(0));
        assertEquals(0, stairs.steps().size());
        assertEquals(8, stairs.windowSteps(8));
    }

    /** Level minus range x [level >= range], once per wrap: one ramp through the folds and a step at each. */
    @Test
    void shouldKeepOneRampThroughTheFoldsOfAnUnsignedWrap() {
        FixedPointArithmetic out = new FixedPointArithmetic(0, 4, 2, GridRounding.FLOOR, true);
        LevelStaircase stairs = LevelStaircase.of(n -> Math.round(out.apply(Math.max(0, n / 4.0), 0) * 4), -20, 65);
        assertEquals(1, stairs.ramps().size());
        assertEquals(new LevelStaircase.Ramp(0, 65), stairs.ramps().get(0));
        assertEquals(4, stairs.steps().size());
        for (int k = 0; k < 4; k++) {
            assertEquals(new LevelStaircase.Step(16L * (k + 1), -16), stairs.steps().get(k));
        }
        assertEquals(8 + 4, stairs.compartments(8));
    }

    /** The rounding of P to its level, against the same rounding done in doubles. */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldRoundPreActivationsAsTheQuantizerDoes(long seed) {
        Random r = new Random(seed);
        long g = 2L << r.nextInt(12);
        for (int i = 0; i < 2000; i++) {
            long p = r.nextInt(1 << 20) - (1 << 19);
            p = i % 3 == 0 ? Math.floorDiv(p, g) * g + g / 2 : p;
            double x = p / (double) g;
            assertEquals((long) Math.floor(x), CnnStage.level(p, g, GridRounding.FLOOR), "floor " + p + "/" + g);
            assertEquals((long) Math.floor(x + 0.5), CnnStage.level(p, g, GridRounding.HALF_UP), "half up " + p + "/" + g);
            assertEquals((long) Math.rint(x), CnnStage.level(p, g, GridRounding.HALF_EVEN), "half even " + p + "/" + g);
        }
    }
}
