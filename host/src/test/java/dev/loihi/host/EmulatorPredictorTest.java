package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmulatorPredictorTest {
    /** The search reads short presentations off a long one: they must be exactly the short runs. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldReadEveryLengthOffOnePresentationAsItsOwnRunGivesIt(long seed) {
        Random r = new Random(seed);
        double[][] x = SmallNetworks.inputs(7, 5, r);
        Image image = SmallNetworks.image(x, r);
        int[] steps = {25, 40, 100};
        EmulatorPredictor emulator = new EmulatorPredictor();
        double[][][] together = emulator.readouts(image, x, steps);
        assertEquals(steps.length, together.length);
        ImageInfo info = ImageInfo.of(image);
        try (Workers w = Workers.open(null, LinkOptions.defaults(), 1, image,
                link -> new Presenter(link, info, info.encoder(null), ChannelConfig.defaults()))) {
            for (int k = 0; k < steps.length; k++) {
                // as run presents them: one presentation of steps[k]
                int settle = new Workload(image, info, null, null).defaultSettle(steps[k]);
                double[][] alone = Evaluation.run(w.presenters(), x, steps[k], settle, Progress.NONE).scores();
                for (int i = 0; i < x.length; i++) {
                    assertArrayEquals(alone[i], together[k][i], 0.0, "steps=" + steps[k] + " input=" + i);
                }
            }
        }
    }
}
