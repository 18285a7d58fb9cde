package dev.loihi.emulator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.image.Image;
import dev.loihi.snips.SpikeWordDescriptor;
import dev.loihi.snips.link.RelayImage;
import org.junit.jupiter.api.Test;

class ChipIngressTest {
    @Test
    void shouldGiveEachChipOnePortOverAllItsCoresAxons() {
        Image chipImage = ChipIngress.of(RelayImage.build(10, 2)).chipImage();
        assertEquals(2, chipImage.inputs().size());
        assertEquals("snip0", chipImage.inputs().get(0).name());
        assertEquals(10, chipImage.inputs().get(0).axons());
        assertEquals(10, chipImage.inputs().get(1).axons());
        assertEquals(RelayImage.build(10, 2).cores(), chipImage.cores());
    }

    @Test
    void shouldDeliverWordToTheAddressedCoreAxon() {
        ChipIngress ingress = ChipIngress.of(RelayImage.build(10, 1));
        assertTrue(ingress.entry(0, SpikeWordDescriptor.addressWord(1, 9), SpikeWordDescriptor.discreteTypeWord()) >= 0);
    }

    @Test
    void shouldRefuseWordsForMissingCoreAxonOrType() {
        ChipIngress ingress = ChipIngress.of(RelayImage.build(10, 1));
        int discrete = SpikeWordDescriptor.discreteTypeWord();
        assertEquals(-1, ingress.entry(0, SpikeWordDescriptor.addressWord(2, 0), discrete));
        assertEquals(-1, ingress.entry(0, SpikeWordDescriptor.addressWord(0, 10), discrete));
        assertEquals(-1, ingress.entry(0, SpikeWordDescriptor.addressWord(200, 0), discrete));
        assertEquals(-1, ingress.entry(0, SpikeWordDescriptor.addressWord(0, 0), SpikeWordDescriptor.typeWord(1, 0)));
    }
}
