package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The staircase's compartments, counting as the phase code's replicas count, send exactly the
 * quantizer chain's value of every integer pre-activation: the rounding to the level included.
 */
class StaircaseReplicasTest {

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldSendTheChainsValueForEveryPreActivation(long seed) {
        Random r = new Random(seed);
        GridRounding rounding = GridRounding.values()[r.nextInt(3)];
        int preBits = 4 + r.nextInt(4);
        FixedPointArithmetic pre = new FixedPointArithmetic(1, preBits, 1 + r.nextInt(preBits - 1), rounding, r.nextBoolean());
        FixedPointArithmetic out = new FixedPointArithmetic(0, 2 + r.nextInt(4), 2 + r.nextInt(4) - (preBits - pre.integers()),
                GridRounding.FLOOR, r.nextBoolean());
        // The chain on the pre-activation's own level; its rounding is the replicas' job.
        LongUnaryOperator f = FixedPointArithmetic.reluChain(pre, out);
        long low = -(2L << preBits) + r.nextInt(20);
        long high = (2L << preBits) - r.nextInt(20);
        LevelStaircase stairs = LevelStaircase.of(f, low, high);
        long g = 2L << r.nextInt(5);
        int replicas = 2 << r.nextInt(3);
        StaircaseReplicas units = StaircaseReplicas.of(stairs, g, rounding, replicas);
        for (long p = StaircaseReplicas.reachedAt(low, g, rounding); p < StaircaseReplicas.reachedAt(high + 1, g, rounding); p++) {
            long n = CnnStage.level(p, g, rounding);
            assertEquals(stairs.value(n), units.value(p), "P=" + p + " (level " + n + "), " + pre.describe() + " then "
                    + out.describe() + ", g=" + g + ", R=" + replicas);
        }
        assertEquals(stairs.compartments(replicas), units.compartments());
        assertEquals(stairs.windowSteps(replicas), units.windowSteps());
    }

    /** On a ReLU clipped at its top level, the counts are the dense phase code's (PhaseReplicas) for every P. */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldCountAsTheDensePhaseCodeOnAClippedRelu(long seed) {
        Random r = new Random(seed);
        GridRounding rounding = GridRounding.values()[r.nextInt(3)];
        int maxLevel = 1 + r.nextInt(70);
        long g = 2L << r.nextInt(5);
        int replicas = 2 << r.nextInt(3);
        LevelStaircase stairs = LevelStaircase.of(n -> Math.max(0, Math.min(maxLevel, n)), -3L * maxLevel, 3L * maxLevel);
        StaircaseReplicas units = StaircaseReplicas.of(stairs, g, rounding, replicas);
        PhaseReplicas dense = new PhaseReplicas(replicas, (int) g, maxLevel, rounding);
        for (long p = -4L * maxLevel * g; p <= 4L * maxLevel * g; p++) {
            assertEquals(dense.level(p), units.value(p), "P=" + p + ", levels=" + maxLevel + ", g=" + g + ", R=" + replicas);
        }
    }
}
