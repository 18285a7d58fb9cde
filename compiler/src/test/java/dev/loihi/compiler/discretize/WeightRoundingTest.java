package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseFormat;
import dev.loihi.image.WeightField;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightRoundingTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldChooseTheSmallestExponentWhoseMantissaFitsTheFormat(long seed) {
        Random random = new Random(seed);
        for (SignMode mode : SignMode.values()) {
            for (int t = 0; t < 200; t++) {
                double magnitude = Math.exp(random.nextDouble() * Math.log(2e6));
                double x = mode == SignMode.INHIBITORY ? -magnitude : magnitude;
                int exp = WeightRounding.exponent(Math.abs(x), mode);
                if (exp > WeightRounding.MAX_EXP) {
                    assertTrue(magnitude > WeightRounding.fullMant(mode) * WeightRounding.unit(7, mode)
                            / WeightRounding.mantStep(mode));
                    continue;
                }
                int mant = WeightRounding.mant(x, exp, mode);
                assertTrue(WeightField.isExact(mant, new SynapseFormat(8, mode, exp, true)),
                        "mode=" + mode + ", x=" + x + ", mant=" + mant);
                if (exp > WeightRounding.MIN_EXP) {
                    assertTrue(Math.abs(WeightRounding.mant(x, exp - 1, mode)) > WeightRounding.fullMant(mode));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldRoundBiasToTheSmallestExponentWithinHalfAStep(long seed) {
        Random random = new Random(seed);
        double[] bias = new double[500];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (random.nextDouble() * 2 - 1) * Math.exp(random.nextDouble() * Math.log(5e5));
        }
        int[] mants = new int[bias.length];
        int[] exps = new int[bias.length];
        assertEquals(-1, BiasRounding.round(bias, 1.0, mants, exps));
        for (int i = 0; i < bias.length; i++) {
            assertTrue(Math.abs(mants[i]) <= 4095);
            assertTrue(Math.abs(((long) mants[i] << exps[i]) - bias[i]) <= (1 << exps[i]) / 2.0 + 1e-9);
            if (exps[i] > 0) {
                assertTrue(Math.abs(Math.rint(bias[i] / (1 << (exps[i] - 1)))) > 4095);
            }
        }
    }
}
