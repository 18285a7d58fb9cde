package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import org.junit.jupiter.api.Test;

/** The input range a CNN's phase plan is made for: parsed from LOW,HIGH, or the calibration values' range. */
class InputRangeTest {

    @Test
    void shouldParseLowAndHigh() {
        InputRange r = InputRange.parse(" -0.5, 2 ");
        assertEquals(-0.5, r.low());
        assertEquals(2.0, r.high());
        assertEquals(2.0, r.magnitude());
        assertTrue(r.holds(-0.5) && r.holds(2.0));
        assertFalse(r.holds(2.0000001) || r.holds(Double.NaN));
    }

    @Test
    void shouldRefuseOnOneLineWithTheKey() {
        LoihiException e = assertThrows(LoihiException.class, () -> InputRange.parse("0,\n1x"));
        assertEquals(CompilerErrors.CONVERT_BAD_OPTION, e.code());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("key=input-range"), e.getMessage());
    }

    @Test
    void shouldTakeTheCalibrationRangeWidenedToZero() {
        InputRange r = InputRange.of(new double[][] {{0.25, 0.75}, {1.0, 0.5}});
        assertEquals(0.0, r.low());
        assertEquals(1.0, r.high());
        InputRange signed = InputRange.of(new double[][] {{-3.5, 2.0}});
        assertEquals(-3.5, signed.low());
        assertNull(InputRange.of(null));
        assertNull(InputRange.of(new double[][] {{0.0, 0.0}}));
    }
}
