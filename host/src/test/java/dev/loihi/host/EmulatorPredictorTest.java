package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import java.util.List;
import java.util.Map;
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

    /**
     * The bias trim's view inside an image: from step 0, every layer's rates are what the run's
     * layer activity (probes on one emulator, inputs in turn) counts; from a later step, the
     * spikes after it over the steps after it.
     */
    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void shouldCountEveryLayersSpikesAsTheLayerActivityDoes(long seed) {
        Random r = new Random(seed);
        double[][] x = SmallNetworks.inputs(9, 5, r);
        Image image = SmallNetworks.image(x, r);
        int steps = 60;
        EmulatorPredictor emulator = new EmulatorPredictor();
        Map<String, double[][]> rates = emulator.layerRates(image, x, steps, 0);
        List<LayerActivity.Layer> layers = LayerActivity.measure(image, ImageInfo.of(image), x, steps);
        assertFalse(layers.isEmpty());
        for (LayerActivity.Layer layer : layers) {
            double[][] mine = rates.get(layer.name());
            for (int i = 0; i < x.length; i++) {
                assertArrayEquals(layer.inputRates()[i], mine[i], 1e-12, layer.name() + " input " + i);
            }
        }
        Map<String, double[][]> late = emulator.layerRates(image, x, steps, 20);
        boolean fired = false;
        for (LayerActivity.Layer layer : layers) {
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < layer.neurons(); j++) {
                    double all = rates.get(layer.name())[i][j] * steps;
                    double after = late.get(layer.name())[i][j] * (steps - 20);
                    assertTrue(after <= all + 1e-9 && after >= all - 20 - 1e-9, layer.name() + " " + i + " " + j);
                    fired |= after > 0;
                }
            }
        }
        assertTrue(fired, "some neuron fires after step 20");
    }
}
