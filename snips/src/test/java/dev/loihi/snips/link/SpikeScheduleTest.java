package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import org.junit.jupiter.api.Test;

class SpikeScheduleTest {
    @Test
    void shouldGroupSpikesByStepKeepingTheirOrderWithinAStep() {
        SpikeSchedule s = SpikeSchedule.builder(3).add(2, 0, 9).add(0, 0, 1).add(2, 0, 3).add(0, 1, 4).build();
        assertEquals(0, s.start(0));
        assertEquals(2, s.end(0));
        assertEquals(s.end(1), s.start(1));
        assertEquals(9, s.axon(s.start(2)));
        assertEquals(3, s.axon(s.start(2) + 1));
        assertEquals(1, s.port(1));
        assertEquals(4, s.totalSpikes());
    }

    @Test
    void shouldRefuseSpikeOutsideItsSteps() {
        LoihiException e = assertThrows(LoihiException.class, () -> SpikeSchedule.builder(3).add(3, 0, 0));
        assertEquals(SnipErrors.LINK_BAD_RUN, e.code());
    }
}
