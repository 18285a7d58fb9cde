package dev.loihi.snips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.image.InputPort;
import dev.loihi.snips.link.RelayImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputRouterTest {
    @Test
    void shouldFanOutHostSpikeToEveryTargetOnItsChip() {
        InputRouter router = new InputRouter(RelayImage.build(8, 2));
        StepSpikes out = new StepSpikes(2);
        assertEquals(2, router.route(0, 0, 4, out));
        assertEquals(1, out.spikes(0));
        assertEquals(1, out.spikes(1));
        assertEquals(SpikeWordDescriptor.addressWord(0, 4), out.words(0)[0]);
        assertEquals(SpikeWordDescriptor.addressWord(0, 4), out.words(1)[0]);
    }

    @Test
    void shouldAddressCoreByItsSlotOnTheChip() {
        Image image = RelayImage.build(8, 1);
        StepSpikes out = new StepSpikes(1);
        new InputRouter(image).route(0, 0, 0, out);
        assertEquals(SpikeWordDescriptor.addressWord(1, 0), out.words(0)[2]);
    }

    @Test
    void shouldRefuseSpikeOnMissingAxon() {
        InputRouter router = new InputRouter(RelayImage.build(8, 1));
        LoihiException e = assertThrows(LoihiException.class, () -> router.route(3, 0, 8, new StepSpikes(1)));
        assertEquals(SnipErrors.SNIP_BAD_INPUT, e.code());
    }

    @Test
    void shouldRefuseImageRoutingToMissingCore() {
        Image relay = RelayImage.build(4, 1);
        InputPort bad = new InputPort("bad", 1, new int[] {0, 1}, new int[] {5}, new int[] {0});
        Image image = new Image(1, relay.cores(), List.of(bad), relay.outputs(), "{}");
        LoihiException e = assertThrows(LoihiException.class, () -> new InputRouter(image));
        assertEquals(SnipErrors.SNIP_BAD_ROUTE, e.code());
    }

    @Test
    void shouldRefuseSpikeOnMissingPort() {
        InputRouter router = new InputRouter(RelayImage.build(8, 1));
        LoihiException e = assertThrows(LoihiException.class, () -> router.route(0, 1, 0, new StepSpikes(1)));
        assertEquals(SnipErrors.SNIP_BAD_INPUT, e.code());
    }
}
