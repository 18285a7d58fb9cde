package dev.loihi.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WeightFieldTest {
    static Stream<SynapseFormat> formats() {
        return Arrays.stream(SignMode.values()).flatMap(mode ->
                Stream.iterate(1, b -> b <= 8, b -> b + 1).map(b -> new SynapseFormat(b, mode, 0, false)));
    }

    @ParameterizedTest
    @MethodSource("formats")
    void shouldDecodeEveryExactMantissaToItself(SynapseFormat format) {
        for (int mant = -300; mant <= 300; mant++) {
            if (WeightField.isExact(mant, format)) {
                int field = WeightField.encode(mant, format);
                assertTrue(field >= 0 && field < 1 << format.weightBits(), "field " + field);
                assertEquals(mant, WeightField.decode(field, format), format + " mant " + mant);
            }
        }
    }

    /** A b-bit field has 2^b codes and each must be a distinct exact mantissa. */
    @ParameterizedTest
    @MethodSource("formats")
    void shouldHaveOneExactMantissaPerFieldCode(SynapseFormat format) {
        long exact = Stream.iterate(-300, m -> m <= 300, m -> m + 1).filter(m -> WeightField.isExact(m, format)).count();
        assertEquals(1L << format.weightBits(), exact, format.toString());
    }

    @Test
    void shouldSpanTheDocumentedRangesAtEightBits() {
        SynapseFormat exc = new SynapseFormat(8, SignMode.EXCITATORY, 0, true);
        SynapseFormat inh = new SynapseFormat(8, SignMode.INHIBITORY, 0, true);
        SynapseFormat mixed = new SynapseFormat(8, SignMode.MIXED, 0, true);
        assertEquals(0, WeightField.minMant(exc));
        assertEquals(255, WeightField.maxMant(exc));
        assertEquals(-255, WeightField.minMant(inh));
        assertEquals(0, WeightField.maxMant(inh));
        assertEquals(-256, WeightField.minMant(mixed));
        assertEquals(254, WeightField.maxMant(mixed));
    }

    @Test
    void shouldRejectOddMixedMantissasBecauseTheChipDropsTheLowBit() {
        SynapseFormat mixed = new SynapseFormat(8, SignMode.MIXED, 0, false);
        assertFalse(WeightField.isExact(3, mixed));
        assertFalse(WeightField.isExact(-1, mixed));
        assertTrue(WeightField.isExact(-2, mixed));
    }

    @Test
    void shouldStoreInhibitoryMagnitudes() {
        SynapseFormat inh = new SynapseFormat(8, SignMode.INHIBITORY, 0, false);
        assertEquals(255, WeightField.encode(-255, inh));
        assertEquals(-255, WeightField.decode(255, inh));
    }
}
