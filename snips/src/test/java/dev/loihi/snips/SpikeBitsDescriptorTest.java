package dev.loihi.snips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpikeBitsDescriptorTest {
    @Test
    void shouldPackLowestIndexIntoLowestBit() {
        int[] bits = new int[SpikeBitsDescriptor.words(40)];
        SpikeBitsDescriptor.set(bits, 0, 0);
        SpikeBitsDescriptor.set(bits, 0, 31);
        SpikeBitsDescriptor.set(bits, 0, 33);
        assertEquals(2, bits.length);
        assertEquals(0x8000_0001, bits[0]);
        assertEquals(0b10, bits[1]);
        assertTrue(SpikeBitsDescriptor.isSet(bits, 0, 33));
        assertFalse(SpikeBitsDescriptor.isSet(bits, 0, 32));
        assertEquals(3, SpikeBitsDescriptor.count(bits, 0, 2));
    }

    @Test
    void shouldNeedOneWordPerThirtyTwoCompartments() {
        assertEquals(0, SpikeBitsDescriptor.words(0));
        assertEquals(1, SpikeBitsDescriptor.words(32));
        assertEquals(2, SpikeBitsDescriptor.words(33));
    }
}
