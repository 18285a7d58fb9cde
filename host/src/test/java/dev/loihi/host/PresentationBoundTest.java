package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An image sized for presentations of at most T steps is never shown a longer one, whoever presents it. */
class PresentationBoundTest {
    @Test
    void shouldPresentUpToTheBoundAndRefuseLongerInOneLine() {
        Random r = new Random(11);
        double[][] x = SmallNetworks.inputs(3, 5, r);
        Image image = SmallNetworks.image(x, r, CompileOptions.builder().maxSteps(200).build());
        ImageInfo info = ImageInfo.of(image);
        assertEquals(200, info.maxSteps());
        try (Workers w = Workers.open(null, LinkOptions.defaults(), 1, image,
                link -> new Presenter(link, info, info.encoder(null), ChannelConfig.defaults()))) {
            Presenter presenter = w.presenters().get(0);
            assertEquals(3, presenter.present(x[0], 200, 10).scores().length);
            LoihiException e = assertThrows(LoihiException.class, () -> presenter.present(x[0], 201, 10));
            assertEquals(HostErrors.RUN_STEPS, e.code());
            assertTrue(e.getMessage().contains("steps=201, maxSteps=200"), e.getMessage());
            assertThrows(LoihiException.class, () -> presenter.readouts(x[0], new int[] {50, 400}, new int[] {5, 10}));
        }
        LoihiException fits = assertThrows(LoihiException.class, () -> info.checkPresentationFits(1000, 1));
        assertEquals(HostErrors.RUN_STEPS, fits.code());
    }

    @Test
    void shouldPresentAnUnboundedImageForAnyLength() {
        Random r = new Random(12);
        double[][] x = SmallNetworks.inputs(2, 5, r);
        ImageInfo info = ImageInfo.of(SmallNetworks.image(x, r));
        assertEquals(0, info.maxSteps());
        info.checkSteps(1_000_000);
    }

    @Test
    void shouldRefuseADamagedBound() {
        Random r = new Random(13);
        double[][] x = SmallNetworks.inputs(2, 5, r);
        Image image = SmallNetworks.image(x, r, CompileOptions.builder().maxSteps(200).build());
        for (String bad : new String[] {"0", "-5", "\"many\"", "2.5", "30000000000"}) {
            Image damaged = new Image(image.chips(), image.cores(), image.inputs(), image.outputs(),
                    image.metadata().replace("\"maxSteps\":200", "\"maxSteps\":" + bad));
            LoihiException e = assertThrows(LoihiException.class, () -> ImageInfo.of(damaged), bad);
            assertEquals(HostErrors.IMAGE_METADATA, e.code());
            assertTrue(e.getMessage().contains("maxSteps=" + bad), e.getMessage());
        }
    }
}
