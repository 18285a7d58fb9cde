package dev.loihi.snips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.image.ChipLimits;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpikeWordDescriptorTest {
    @Test
    void shouldPlaceCoreInHighHalfAndAxonInLowHalf() {
        assertEquals(0x0005_0ABC, SpikeWordDescriptor.addressWord(5, 0xABC));
        assertEquals(0, SpikeWordDescriptor.discreteTypeWord());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldRoundTripEveryCoreAndAxon(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            int core = random.nextInt(ChipLimits.CORES_PER_CHIP);
            int axon = random.nextInt(ChipLimits.INPUT_AXONS_PER_CORE);
            int type = random.nextInt(1 << 16);
            int atom = random.nextInt(1 << 16);
            int address = SpikeWordDescriptor.addressWord(core, axon);
            int typeWord = SpikeWordDescriptor.typeWord(type, atom);
            assertEquals(core, SpikeWordDescriptor.core(address));
            assertEquals(axon, SpikeWordDescriptor.axon(address));
            assertEquals(type, SpikeWordDescriptor.axonType(typeWord));
            assertEquals(atom, SpikeWordDescriptor.atom(typeWord));
        }
    }
}
