package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightsTest {

    @ParameterizedTest(name = "mant={0}, exp={1}")
    @CsvSource({"100, 0, 6400", "-256, 7, -2097152", "255, 7, 2088960", "6, -1, 192", "-6, -1, -192"})
    void shouldScaleImageMantissaExactlyWhenNoBitIsDropped(int mant, int exp, int expected) {
        assertEquals(expected, Weights.image(mant, exp));
    }

    @Test
    void shouldDropLowMantissaBitsAtNegativeExponentsLikeTheChip() {
        // mixed mantissa 6 at exp -2: the chip's shifter keeps 6 >> 2 = 1, so 64 and not 96
        assertEquals(64, Weights.image(6, -2));
        assertEquals(-128, Weights.image(-6, -2));
    }

    @Test
    void shouldFloorHalfWeightsOfRawNetworksAtExponentMinusSeven() {
        assertEquals(1, Weights.raw(3, -7));
        assertEquals(-2, Weights.raw(-3, -7));
        assertEquals(127, Weights.raw(255, -7));
    }

    @Test
    void shouldScaleRawWeightExactlyOtherwise() {
        assertEquals(3, Weights.raw(3, -6));
        assertEquals(-256 << 13, Weights.raw(-256, 7));
    }

    @Test
    void shouldInvertRawScalingForExport() {
        for (int exp = -7; exp <= 7; exp++) {
            for (int mant = -256; mant <= 255; mant++) {
                int effective = Weights.image(mant, exp);
                assertEquals(effective, Weights.raw(Weights.rawFor(effective, exp), exp), "mant=" + mant + ", exp=" + exp);
            }
        }
    }

    @Test
    void shouldRefuseRawFormOfValueBetweenSteps() {
        assertEquals(Integer.MIN_VALUE, Weights.rawFor(65, 0));
    }
}
