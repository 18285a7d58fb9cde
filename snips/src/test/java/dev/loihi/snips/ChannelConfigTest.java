package dev.loihi.snips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import org.junit.jupiter.api.Test;

class ChannelConfigTest {
    @Test
    void shouldDefaultToFiftySpikesAndSplit() {
        assertEquals(new ChannelConfig(50, OverflowPolicy.SPLIT), ChannelConfig.defaults());
    }

    @Test
    void shouldRefuseCapBelowOne() {
        LoihiException e = assertThrows(LoihiException.class, () -> new ChannelConfig(0, OverflowPolicy.SPLIT));
        assertEquals(SnipErrors.SNIP_BAD_CONFIG, e.code());
    }

    @Test
    void shouldParsePolicyOnlyByItsSettingName() {
        assertEquals(OverflowPolicy.DROP, OverflowPolicy.parse("drop").orElseThrow());
        assertTrue(OverflowPolicy.parse("DROP").isEmpty());
        assertTrue(OverflowPolicy.parse("truncate").isEmpty());
    }
}
